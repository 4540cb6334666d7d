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
import { openChatWithContext } from './open-chat-with-context';

export function ChatPage() {
  const client = useChatClient();
  const activeChat = useChatState((s) => (s.activeChatId ? s.chats[s.activeChatId] : undefined));
  const isLoaded = useChatState((s) => s.chatsLoaded);
  const [isGlobalSearch, setIsGlobalSearch] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);

  // Deep links: /chat?chat=<id>&message=<id> (dashboard widget, notifications, host app), and
  // /chat?with=<userId>&context=<json> (host app's quick chat, docs/integration.md).
  useEffect(() => {
    if (!isLoaded) return;
    const params = new URLSearchParams(window.location.search);
    const withUserId = params.get('with');
    if (withUserId) {
      openChatWithContext(client, withUserId, parseContextParam(params.get('context')))
        .then((chat) => {
          // A reload must not attach the context again once it has been sent.
          window.history.replaceState(window.history.state, '', `/chat?chat=${encodeURIComponent(chat.id)}`);
        })
        .catch((err: unknown) => setLinkError(`Could not open the chat from the link: ${errorMessage(err)}`));
      return;
    }
    const chatId = params.get('chat');
    if (chatId) client.openChat(chatId, params.get('message') ?? undefined);
  }, [isLoaded, client]);

  useEffect(() => () => client.openChat(null), [client]);

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
