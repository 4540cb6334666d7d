'use client';
/** Left pane: search, filters, new chat / new group, and the chat list. */
import { useMemo, useState } from 'react';
import type { Chat } from '@samvad/protocol';
import { useSession } from '../auth/session';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { sortChats } from '../chat-state/state';
import { BackIcon, GroupIcon, PlusIcon, SearchIcon } from '../ui/icons';
import { ArchivedRow } from './archived-row';
import { NotificationPrompt } from '../notifications/notification-prompt';
import { ChatListItem } from './chat-list-item';
import { NewChatDialog } from './new-chat-dialog';
import { NewGroupDialog } from './new-group-dialog';

const FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'unread', label: 'Unread' },
  { id: 'groups', label: 'Groups' },
] as const;
/** The archived chats are not a filter chip but a row at the top of "All" (as in WhatsApp), with a way back. */
type Filter = (typeof FILTERS)[number]['id'] | 'archived';

function matchesFilter(chat: Chat, filter: Filter): boolean {
  if (filter === 'archived') return chat.isArchived;
  if (chat.isArchived) return false;
  if (filter === 'unread') return chat.unreadCount > 0;
  if (filter === 'groups') return chat.isGroup;
  return true;
}

export function ChatListPanel({ onOpenGlobalSearch }: { onOpenGlobalSearch: () => void }) {
  const client = useChatClient();
  const { session } = useSession();
  const chats = useChatState((s) => s.chats);
  const isLoaded = useChatState((s) => s.chatsLoaded);
  const activeChatId = useChatState((s) => s.activeChatId);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<'chat' | 'group' | null>(null);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return sortChats(Object.values(chats)).filter((c) => matchesFilter(c, filter) && (!q || (c.name ?? '').toLowerCase().includes(q)));
  }, [chats, filter, query]);
  const archived = useMemo(() => Object.values(chats).filter((c) => c.isArchived), [chats]);
  const isArchivedView = filter === 'archived';

  const iconButton = 'rounded-full p-2 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800';
  return (
    <section className="flex h-full flex-col bg-white dark:bg-slate-900" aria-label="Chat list">
      <header className="flex items-center gap-1 px-3 pt-3">
        <h1 className="flex-1 text-lg font-semibold">Chats</h1>
        <button type="button" className={iconButton} aria-label="Search all chats" title="Search all chats" onClick={onOpenGlobalSearch}>
          <SearchIcon />
        </button>
        {session?.user.role === 'ADMIN' && (
          <button type="button" className={iconButton} aria-label="New group" title="New group" onClick={() => setDialog('group')}>
            <GroupIcon />
          </button>
        )}
        <button type="button" className={iconButton} aria-label="New chat" title="New chat" onClick={() => setDialog('chat')}>
          <PlusIcon />
        </button>
      </header>
      <NotificationPrompt />
      <div className="px-3 py-2">
        <input
          type="search"
          aria-label="Search chats"
          placeholder="Search chats"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="w-full rounded-lg bg-slate-100 px-3 py-1.5 text-sm outline-none focus:ring-2 focus:ring-emerald-600/40 dark:bg-slate-800"
        />
        {isArchivedView ? (
          <div className="mt-2 flex items-center gap-2">
            <button
              type="button"
              aria-label="Back to chats"
              title="Back to chats"
              onClick={() => setFilter('all')}
              className="rounded-full p-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              <BackIcon />
            </button>
            <h2 className="font-medium">Archived</h2>
          </div>
        ) : (
          <div role="group" aria-label="Filter chats" className="mt-2 flex flex-wrap gap-1.5">
            {FILTERS.map((f) => (
              <button
                key={f.id}
                type="button"
                aria-pressed={filter === f.id}
                onClick={() => setFilter(f.id)}
                className={`rounded-full px-3 py-0.5 text-sm ${filter === f.id ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100' : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300'}`}
              >
                {f.label}
              </button>
            ))}
          </div>
        )}
      </div>
      <ul aria-label="Chats" aria-busy={!isLoaded} className="min-h-0 flex-1 overflow-y-auto">
        {filter === 'all' && !query && archived.length > 0 && <ArchivedRow chats={archived} onOpen={() => setFilter('archived')} />}
        {visible.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} isActive={chat.id === activeChatId} onOpen={() => client.openChat(chat.id)} />
        ))}
        {isLoaded && visible.length === 0 && (
          <li className="p-6 text-center text-sm text-slate-500">
            {filter === 'all' && !query ? (
              // A first visit: say what to do, not only that there is nothing.
              <>
                <p>No chats yet</p>
                <button
                  type="button"
                  onClick={() => setDialog('chat')}
                  className="mt-3 rounded-lg bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800"
                >
                  Start a chat
                </button>
              </>
            ) : isArchivedView && !query ? (
              'No archived chats'
            ) : (
              'No chats here yet'
            )}
          </li>
        )}
      </ul>
      {dialog === 'chat' && <NewChatDialog onClose={() => setDialog(null)} />}
      {dialog === 'group' && <NewGroupDialog onClose={() => setDialog(null)} />}
    </section>
  );
}
