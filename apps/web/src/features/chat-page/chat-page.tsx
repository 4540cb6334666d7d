'use client';
/** /chat: list 30% and conversation 70% on desktop; one at a time with a back button on a phone. */
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/api';
import { parseContextParam } from '@/lib/deep-link';
import { ChatListPanel } from '../chat-list/chat-list-panel';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { Conversation } from '../conversation/conversation';
import { SearchPanel } from '../search/search-panel';
import { ChatIcon } from '../ui/icons';
import { LIST, replaceChatLocation } from './chat-location';
import { openChatWithContext } from './open-chat-with-context';
import { useChatLocationSync } from './use-chat-location-sync';

export function ChatPage() {
  const client = useChatClient();
  const activeChat = useChatState((s) => (s.activeChatId ? s.chats[s.activeChatId] : undefined));
  const isLoaded = useChatState((s) => s.chatsLoaded);
  const [isGlobalSearch, setIsGlobalSearch] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);

  // What is open lives in the URL: /chat?chat=<id>&message=<id>&panel=…&image=… (chat-location.ts).
  useChatLocationSync(client, isLoaded);

  // The host app's quick chat: /chat?with=<userId>&context=<json> (docs/integration.md).
  useEffect(() => {
    if (!isLoaded) return;
    const params = new URLSearchParams(window.location.search);
    const withUserId = params.get('with');
    if (!withUserId) return;
    openChatWithContext(client, withUserId, parseContextParam(params.get('context')))
      // A reload must not attach the context again once it has been sent.
      .then((chat) => replaceChatLocation({ ...LIST, chatId: chat.id }))
      .catch((err: unknown) => setLinkError(`Could not open the chat from the link: ${errorMessage(err)}`));
  }, [isLoaded, client]);

  return (
    <div className="flex h-full">
      <div
        className={`h-full w-full border-r border-slate-200 md:w-[30%] md:min-w-72 dark:border-slate-800 ${activeChat ? 'hidden md:block' : 'block'}`}
      >
        {/* Search across chats takes the list's place; the list stays mounted (filters, scroll) under it. */}
        <div className="h-full" hidden={isGlobalSearch}>
          <ChatListPanel onOpenGlobalSearch={() => setIsGlobalSearch(true)} />
        </div>
        {isGlobalSearch && <SearchPanel placement="fill" onClose={() => setIsGlobalSearch(false)} />}
      </div>
      <main className={`h-full min-w-0 flex-1 ${activeChat ? 'block' : 'hidden md:block'}`}>
        {activeChat ? (
          <Conversation key={activeChat.id} chat={activeChat} />
        ) : (
          <div className="flex h-full flex-col items-center justify-center gap-3 bg-slate-50 text-slate-500 dark:bg-slate-950">
            <ChatIcon width={56} height={56} className="text-emerald-600" />
            <p className="text-lg">Samvad</p>
            <p className="text-sm">Pick a chat or start a new one.</p>
            {linkError && (
              <p role="alert" className="max-w-md px-4 text-center text-sm text-red-600">
                {linkError}
              </p>
            )}
          </div>
        )}
      </main>
    </div>
  );
}
