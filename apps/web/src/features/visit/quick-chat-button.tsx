'use client';
/**
 * "Chat with admin" from a visit (spec §7.2): opens (or creates) the one-on-one chat with an admin
 * with the visit attached to the composer; it goes, shown as a card, with the user's own first
 * message. Host apps on another origin use @samvad/embed's QuickChatButton, which opens the same
 * thing through the `/chat?with=…&context=…` deep link.
 */
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { errorMessage } from '@/lib/api';
import { useChatClient } from '../chat-state/chat-context';
import { fetchDirectory } from '../chat-state/queries';
import { openChatWithContext } from '../chat-page/open-chat-with-context';

export interface VisitContext {
  type: 'visit';
  visitId: string;
  schoolName: string;
}

export function QuickChatButton({ context, recipientId }: { context: VisitContext; recipientId?: string }) {
  const client = useChatClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function start() {
    setIsBusy(true);
    setError(null);
    try {
      const me = client.store.get().me;
      let adminId = recipientId;
      if (!adminId) {
        const users = await fetchDirectory();
        adminId = users.find((u) => u.role === 'ADMIN' && u.id !== me.id)?.id;
      }
      if (!adminId) throw new Error('No admin is available to chat with');
      const chat = await openChatWithContext(client, adminId, { ...context });
      router.push(`/chat?chat=${chat.id}`);
    } catch (err) {
      setError(errorMessage(err));
      setIsBusy(false);
    }
  }

  return (
    <div>
      <button
        type="button"
        onClick={start}
        disabled={isBusy}
        className="rounded-lg bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800 disabled:opacity-60"
      >
        💬 Chat with admin
      </button>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
