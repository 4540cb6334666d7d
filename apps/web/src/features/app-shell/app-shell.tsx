'use client';
/**
 * Everything behind sign-in: one chat client (socket + store) for the whole session, shared by
 * the chat, dashboard, visit and settings pages, plus the navbar, the connection banner, the
 * toasts and the confirmation dialog.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { dayLabel, formatTime } from '@/lib/dates';
import { SessionProvider, useSession } from '../auth/session';
import { SignInForm } from '../auth/sign-in-form';
import { ChatClientContext, useChatState } from '../chat-state/chat-context';
import { createChatClient, type ChatClient } from '../chat-state/client';
import { totalUnread } from '../chat-state/state';
import { Navbar } from '../navbar/navbar';
import { ToastStack } from '../toasts/toast-stack';
import { ConfirmProvider } from '../ui/confirm-dialog';
import { ServiceWorkerUpdates } from '../pwa/service-worker';

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <SignedIn>{children}</SignedIn>
      <ServiceWorkerUpdates />
    </SessionProvider>
  );
}

function SignedIn({ children }: { children: ReactNode }) {
  const { session, isRestoring } = useSession();
  const [client, setClient] = useState<ChatClient | null>(null);

  useEffect(() => {
    if (!session) return;
    const created = createChatClient(session.token, session.user);
    setClient(created);
    return () => {
      created.stop();
      setClient(null);
    };
  }, [session]);

  if (isRestoring) return null;
  if (!session) return <SignInForm />;
  if (!client) return null;
  return (
    <ChatClientContext.Provider value={client}>
      <ConfirmProvider>
        <div className="flex h-dvh flex-col">
          <Navbar />
          <ConnectionBanner />
          <UnreadTitle />
          <div className="min-h-0 flex-1">{children}</div>
        </div>
        <ToastStack />
      </ConfirmProvider>
    </ChatClientContext.Provider>
  );
}

function ConnectionBanner() {
  const connection = useChatState((s) => s.connection);
  const savedAt = useChatState((s) => s.savedAt);
  if (connection === 'online') return null;
  const saved = savedAt ? ` Showing chats as saved ${savedDay(savedAt)} at ${formatTime(savedAt)}.` : '';
  return (
    <div role="status" className="bg-amber-100 px-4 py-1 text-center text-sm text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
      {connection === 'offline' ? `Offline – messages will be sent when you are back.${saved}` : `Connecting…${saved}`}
    </div>
  );
}

function UnreadTitle() {
  const unread = useChatState((s) => totalUnread(s.chats));
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Samvad` : 'Samvad';
  }, [unread]);
  return null;
}

/** "today", "yesterday", "on Monday", "on 3 November 2026". */
function savedDay(iso: string): string {
  const day = dayLabel(iso);
  return day === 'Today' || day === 'Yesterday' ? day.toLowerCase() : `on ${day}`;
}
