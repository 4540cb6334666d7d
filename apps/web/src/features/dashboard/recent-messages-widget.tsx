'use client';
/** Dashboard widget (spec §7.3): the latest messages across my chats, each opening its chat. */
import Link from 'next/link';
import { relativeTime } from '@/lib/dates';
import { useLatestQuery } from '@/lib/latest-query';
import { previewText } from '@/lib/messages';
import { useChatState } from '../chat-state/chat-context';
import { fetchRecentMessages } from '../chat-state/queries';
import { Avatar } from '../ui/avatar';

export function RecentMessagesWidget({ limit = 5 }: { limit?: number }) {
  // Refresh whenever a chat's last message changes, so the widget stays live.
  const lastActivity = useChatState((s) =>
    Object.values(s.chats).reduce((max, c) => (c.lastMessage && c.lastMessage.createdAt > max ? c.lastMessage.createdAt : max), ''),
  );
  const chats = useChatState((s) => s.chats);
  const { data: messages, error } = useLatestQuery(() => fetchRecentMessages(limit), [limit, lastActivity]);

  return (
    <section
      aria-labelledby="recent-messages"
      className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id="recent-messages" className="mb-2 font-semibold">
        Recent Messages
      </h2>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {messages?.length === 0 && <p className="text-sm text-slate-500">No messages yet</p>}
      <ul className="space-y-1">
        {messages?.map((m) => (
          <li key={m.id}>
            <Link
              href={`/chat?chat=${m.chatId}`}
              className="flex items-center gap-3 rounded p-2 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <Avatar name={m.sender.name} src={m.sender.avatarUrl} size={36} />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium">
                  {m.sender.name}
                  {chats[m.chatId]?.isGroup && <span className="font-normal text-slate-500"> · {chats[m.chatId]?.name}</span>}
                </span>
                <span className="block truncate text-sm text-slate-600 dark:text-slate-400">{previewText(m)}</span>
              </span>
              <span className="text-xs text-slate-500">{relativeTime(m.createdAt)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
