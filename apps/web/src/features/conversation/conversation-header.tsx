'use client';
import type { Chat } from '@samvad/protocol';
import { lastSeenLabel } from '@/lib/dates';
import { useChatState } from '../chat-state/chat-context';
import { useOtherParticipant } from '../chat-list/use-other-participant';
import { Avatar } from '../ui/avatar';
import { BackIcon, SearchIcon } from '../ui/icons';

function typingLabel(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, 2).join(', ')}${names.length > 2 ? ' and others' : ''} are typing…`;
}

export function ConversationHeader({
  chat,
  onBack,
  onInfo,
  onSearch,
}: {
  chat: Chat;
  onBack: () => void;
  onInfo: () => void;
  onSearch: () => void;
}) {
  const other = useOtherParticipant(chat);
  const typingMap = useChatState((s) => s.typing[chat.id]);
  const presence = useChatState((s) => s.presence);
  const isConnected = useChatState((s) => s.connection === 'online');
  const typing = typingLabel(Object.values(typingMap ?? {}));
  const onlineCount = chat.participants.filter((p) => presence[p.id]?.isOnline ?? p.isOnline).length;
  // Presence is unknown while disconnected; say so rather than show a stale "online".
  const subtitle = !isConnected
    ? 'connecting…'
    : (typing ??
      (chat.isGroup
        ? `${chat.participants.length} members${onlineCount > 1 ? `, ${onlineCount} online` : ''}`
        : other?.isActive === false
          ? 'deactivated'
          : other?.isOnline
            ? 'online'
            : lastSeenLabel(other?.lastSeen ?? null)));

  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-2 dark:border-slate-800 dark:bg-slate-900">
      <button
        type="button"
        aria-label="Back"
        onClick={onBack}
        className="rounded-full p-1.5 hover:bg-slate-200 md:hidden dark:hover:bg-slate-800"
      >
        <BackIcon />
      </button>
      <button
        type="button"
        onClick={onInfo}
        aria-label={chat.isGroup ? 'Group info' : 'Contact info'}
        className="flex min-w-0 flex-1 items-center gap-3 text-left"
      >
        <Avatar name={chat.name} src={chat.avatarUrl} size={40} />
        <span className="min-w-0">
          <span className="block truncate font-semibold">{chat.name}</span>
          <span
            role="status"
            className={`block truncate text-xs ${typing ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-500 dark:text-slate-400'}`}
          >
            {subtitle}
          </span>
        </span>
      </button>
      <button
        type="button"
        aria-label="Search in chat"
        title="Search in chat"
        onClick={onSearch}
        className="rounded-full p-2 hover:bg-slate-200 dark:hover:bg-slate-800"
      >
        <SearchIcon />
      </button>
    </header>
  );
}
