'use client';
/** Message search, in one chat or across all, with sender and date filters; a hit opens the chat at it. */
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { dayLabel, formatTime } from '@/lib/dates';
import { useLatestQuery } from '@/lib/latest-query';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { searchMessages } from '../chat-state/queries';
import { Highlighted } from '../conversation/message-text';
import { SidePanel } from '../ui/side-panel';

/** ArrowDown/ArrowUp move between the search field and the hits (Tab reaches them too). */
function moveBetweenHits(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const panel = e.currentTarget.closest('aside');
  if (!panel || (e.target as HTMLElement).tagName === 'SELECT') return;
  const stops = [panel.querySelector<HTMLElement>('input[type=search]'), ...panel.querySelectorAll<HTMLElement>('[data-search-hit]')];
  const at = stops.indexOf(document.activeElement as HTMLElement);
  const next = stops[at + (e.key === 'ArrowDown' ? 1 : -1)];
  if (at === -1 || !next) return;
  e.preventDefault();
  next.focus();
}

export function SearchPanel({
  chatId,
  placement = 'side',
  onClose,
}: {
  chatId?: string;
  /** `fill`: search across chats, in place of the chat list. */
  placement?: 'side' | 'fill';
  onClose: () => void;
}) {
  const client = useChatClient();
  const chat = useChatState((s) => (chatId ? s.chats[chatId] : undefined));
  const chats = useChatState((s) => s.chats);
  const [q, setQ] = useState('');
  const [senderId, setSenderId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Each search asked for (a new object each time, so asking again searches again); the newest answer shows.
  const [submitted, setSubmitted] = useState<{ term: string; query: Parameters<typeof searchMessages>[0] } | null>(null);
  const { data, error } = useLatestQuery(
    submitted ? async () => ({ term: submitted.term, results: await searchMessages(submitted.query) }) : null,
    [submitted],
  );
  const results = data?.results ?? null;
  const searched = data?.term ?? '';

  // Senders to filter by: members of this chat, or everyone I share a chat with.
  const people = new Map<string, string>();
  for (const c of chat ? [chat] : Object.values(chats)) for (const p of c.participants) people.set(p.id, p.name);

  function search(e?: FormEvent) {
    e?.preventDefault();
    const term = q.trim();
    if (!term) return;
    setSubmitted({
      term,
      query: {
        q: term,
        limit: 50,
        chatId: chatId || undefined,
        senderId: senderId || undefined,
        from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
        to: to ? new Date(`${to}T23:59:59`).toISOString() : undefined,
      },
    });
  }

  useEffect(() => setSubmitted(null), [chatId]);

  const field = 'rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-800';
  return (
    <SidePanel
      label="Search messages"
      title={chat ? 'Search in chat' : 'Search all chats'}
      closeLabel="Close search"
      placement={placement}
      initialFocus={(panel) => panel.querySelector('input')}
      onClose={onClose}
    >
      <form onSubmit={search} className="space-y-2 border-b border-slate-200 p-3 dark:border-slate-800">
        <input
          type="search"
          aria-label="Search text"
          placeholder="Search…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={`w-full ${field}`}
          onKeyDown={moveBetweenHits}
        />
        <div className="flex gap-2">
          <select aria-label="Sender" value={senderId} onChange={(e) => setSenderId(e.target.value)} className={`min-w-0 flex-1 ${field}`}>
            <option value="">Anyone</option>
            {[...people].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
          <button type="submit" className="rounded bg-emerald-700 px-3 text-sm text-white">
            Search
          </button>
        </div>
        <div className="flex gap-2 text-xs">
          <label className="flex min-w-0 flex-1 flex-col">
            From
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className={`w-full min-w-0 ${field}`} />
          </label>
          <label className="flex min-w-0 flex-1 flex-col">
            To
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className={`w-full min-w-0 ${field}`} />
          </label>
        </div>
      </form>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error && (
          <p role="alert" className="p-3 text-sm text-red-600">
            {error}
          </p>
        )}
        {results?.length === 0 && <p className="p-3 text-sm text-slate-500 dark:text-slate-400">No messages found</p>}
        <ul aria-label="Search results" onKeyDown={moveBetweenHits}>
          {results?.map((r) => (
            <li key={r.message.id}>
              <button
                type="button"
                data-search-hit
                onClick={() => {
                  client.openChat(r.chat.id, r.message.id);
                  if (!chatId) onClose();
                }}
                className="block w-full border-b border-slate-100 px-3 py-2 text-left hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800"
              >
                <span className="flex justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
                  <span className="truncate font-medium">
                    {r.message.sender.name}
                    {!chatId && ` · ${r.chat.name ?? ''}`}
                  </span>
                  <span className="shrink-0">
                    {dayLabel(r.message.createdAt)} {formatTime(r.message.createdAt)}
                  </span>
                </span>
                <span className="line-clamp-2 text-sm">
                  <Highlighted text={r.message.content ?? r.snippet} term={searched} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </SidePanel>
  );
}
