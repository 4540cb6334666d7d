'use client';
/**
 * The virtualised message list: only visible rows are in the DOM, so 10,000 messages scroll
 * smoothly. Loads older pages near the top while keeping the reading position, follows new
 * messages when the reader is at the bottom, and scrolls to a focused message (reply, search).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Chat, Message } from '@samvad/protocol';
import { statusFor, type DisplayStatus } from '@/lib/ticks';
import { toOptimisticMessage } from '@/lib/outbox';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { MessageBubble } from './message-bubble';
import { NewMessageAnnouncer } from './new-message-announcer';
import { buildRows, unreadLabel } from './rows';
import { useConversationActions } from './conversation-context';
import { ChevronDownIcon } from '../ui/icons';

const EMPTY: Message[] = [];
/** The scroller's vertical padding (py-2): rows are placed below it. */
const LIST_PADDING_PX = 8;

export function MessageList({ chat }: { chat: Chat }) {
  const client = useChatClient();
  const actions = useConversationActions();
  const me = useChatState((s) => s.me);
  const window = useChatState((s) => s.windows[chat.id]);
  const outbox = useChatState((s) => s.outbox);
  const hidden = useChatState((s) => s.hiddenMessageIds);
  const focusMessageId = useChatState((s) => s.focusMessageId);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [isAtBottom, setIsAtBottom] = useState(true);

  const items = window?.items ?? EMPTY;
  const messages = useMemo(() => {
    const lastSeq = items.at(-1)?.seq ?? 0;
    const pending = window?.hasNewer ? [] : outbox.filter((e) => e.chatId === chat.id).map((e) => toOptimisticMessage(e, me, lastSeq));
    return [...items.filter((m) => !hidden[m.id]), ...pending];
  }, [items, outbox, hidden, chat.id, me, window?.hasNewer]);
  // The "N unread" divider: placed when the chat opened, it stays while it is open.
  const unreadAtOpen = useChatState((s) => s.unreadAtOpen);
  const unreadFromId = useChatState((s) => s.unreadFromId);
  const rows = useMemo(
    () => buildRows(messages, new Date(), unreadFromId ? { fromId: unreadFromId, count: unreadAtOpen } : undefined),
    [messages, unreadFromId, unreadAtOpen],
  );
  const memberNames = useMemo(() => Object.fromEntries(chat.participants.map((p) => [p.id, p.name])), [chat.participants]);
  /** Messages the server refused, with its reason (a voice message over 5 minutes, a chat left meanwhile). */
  const failed = useMemo(() => new Map(outbox.filter((e) => e.state === 'failed').map((e) => [e.clientId, e.error ?? null])), [outbox]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'message' ? 64 : 40),
    getItemKey: (i) => rows[i]!.key,
    overscan: 8,
  });

  // Keep the reading position when older messages are prepended: hold the distance from the bottom.
  const firstKey = rows[0]?.key;
  const lastKey = rows.at(-1)?.key;
  // Jump to latest from an older page: the newest page replaces the window, then the list goes to its end.
  const isJumpingToLatest = useRef(false);
  const anchor = useRef<{ firstKey?: string; lastKey?: string; fromBottom: number; isAtBottom: boolean; count: number }>({
    fromBottom: 0,
    isAtBottom: true,
    count: 0,
  });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const previous = anchor.current;
    if (isJumpingToLatest.current && lastKey !== previous.lastKey) {
      isJumpingToLatest.current = false;
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    } else if (previous.count === 0 && rows.length > 0 && !focusMessageId) {
      // Opened with unread messages: the divider at the top, the first unread below it.
      const divider = rows.findIndex((r) => r.kind === 'unread');
      if (divider >= 0) virtualizer.scrollToIndex(divider, { align: 'start' });
      else virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    } else if (previous.firstKey && previous.firstKey !== firstKey && rows.length > previous.count) {
      el.scrollTop = virtualizer.getTotalSize() - previous.fromBottom;
    } else if (previous.isAtBottom && rows.length > previous.count) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    }
    anchor.current = { ...previous, firstKey, lastKey, count: rows.length };
  }, [rows.length, firstKey, lastKey, virtualizer, focusMessageId]);

  // Scroll to and highlight a focused message once it is loaded.
  useEffect(() => {
    if (!focusMessageId) return;
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === focusMessageId);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlightId(focusMessageId);
    client.clearFocusMessage();
    const timer = setTimeout(() => setHighlightId(null), 2500);
    return () => clearTimeout(timer);
  }, [focusMessageId, rows, virtualizer, client]);

  // Read receipts cover what was on screen: the newest message whose bottom edge has been in view.
  const reportSeen = useCallback(() => {
    const el = scrollRef.current;
    if (!el || rows.length === 0) return;
    const viewBottom = el.scrollTop + el.clientHeight - LIST_PADDING_PX;
    let seenSeq = 0;
    for (const item of virtualizer.getVirtualItems()) {
      const row = rows[item.index];
      if (row?.kind === 'message' && item.end <= viewBottom + 1 && item.end > el.scrollTop) seenSeq = Math.max(seenSeq, row.message.seq);
    }
    if (seenSeq > 0) client.markRead(chat.id, seenSeq);
  }, [client, chat.id, rows, virtualizer]);
  // New rows (a message at the bottom, a page loaded) and the page coming back into view or focus.
  useEffect(() => {
    reportSeen();
    document.addEventListener('visibilitychange', reportSeen);
    globalThis.addEventListener('focus', reportSeen);
    return () => {
      document.removeEventListener('visibilitychange', reportSeen);
      globalThis.removeEventListener('focus', reportSeen);
    };
  }, [reportSeen]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    anchor.current.fromBottom = virtualizer.getTotalSize() - el.scrollTop;
    anchor.current.isAtBottom = fromBottom < 80;
    setIsAtBottom(anchor.current.isAtBottom);
    if (el.scrollTop < 400) void client.loadOlder(chat.id);
    if (fromBottom < 400) void client.loadNewer(chat.id);
    reportSeen();
  }, [client, chat.id, virtualizer, reportSeen]);

  const onJump = useCallback((messageId: string) => client.openChat(chat.id, messageId), [client, chat.id]);
  const onReact = useCallback(
    (message: Message, emoji: string) => client.messages.toggleReaction(message, emoji).catch((err: Error) => actions.notify(err.message)),
    [client, actions],
  );

  const statusOf = (m: Message): DisplayStatus | null => {
    if (m.sender.id !== me.id) return null;
    if (m.id.startsWith('local:')) return m.clientId && failed.has(m.clientId) ? 'FAILED' : 'PENDING';
    return statusFor(m.seq, m.status, chat);
  };

  const jumpToLatest = () => {
    if (window?.hasNewer) {
      isJumpingToLatest.current = true;
      client.openChat(chat.id);
    } else virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  };

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="list"
        aria-label="Messages"
        tabIndex={0}
        className="chat-wallpaper min-h-0 flex-1 overflow-y-auto py-2 outline-none"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                role="listitem"
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'day' ? (
                  <div className="flex justify-center py-2">
                    <span className="rounded-lg bg-white/90 px-3 py-1 text-xs text-slate-600 shadow-sm dark:bg-slate-800 dark:text-slate-300">
                      {row.label}
                    </span>
                  </div>
                ) : row.kind === 'unread' ? (
                  <div className="my-1 flex justify-center bg-emerald-50/80 py-1 dark:bg-emerald-950/60">
                    <span className="rounded-lg bg-white px-3 py-1 text-xs font-medium text-emerald-800 shadow-sm dark:bg-slate-800 dark:text-emerald-200">
                      {row.label}
                    </span>
                  </div>
                ) : (
                  <MessageBubble
                    message={row.message}
                    isMine={row.message.sender.id === me.id}
                    showSender={chat.isGroup && row.showSender}
                    status={statusOf(row.message)}
                    isHighlighted={highlightId === row.message.id}
                    meId={me.id}
                    memberNames={memberNames}
                    onJump={onJump}
                    onReact={onReact}
                    failureReason={row.message.clientId ? failed.get(row.message.clientId) : undefined}
                    onRetry={row.message.clientId ? () => client.retry(row.message.clientId!) : undefined}
                    onDiscard={row.message.clientId ? () => client.discard(row.message.clientId!) : undefined}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      <NewMessageAnnouncer chatId={chat.id} />
      {window?.loading && window.items.length > 0 && (
        <p
          role="status"
          className="absolute top-2 left-1/2 -translate-x-1/2 rounded-full bg-white/90 px-3 py-0.5 text-xs text-slate-600 shadow dark:bg-slate-800 dark:text-slate-300"
        >
          Loading…
        </p>
      )}
      {(!isAtBottom || window?.hasNewer) && rows.length > 0 && (
        <button
          type="button"
          aria-label={
            chat.unreadCount > 0 ? `Scroll to latest message, ${unreadLabel(chat.unreadCount)} below` : 'Scroll to latest message'
          }
          title="Scroll to latest message"
          onClick={jumpToLatest}
          className="absolute right-4 bottom-3 rounded-full bg-white p-2 text-slate-600 shadow-md hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-200"
        >
          <ChevronDownIcon />
          {chat.unreadCount > 0 && (
            <span
              aria-hidden="true"
              className="absolute -top-2 -left-2 min-w-5 rounded-full bg-emerald-700 px-1.5 text-center text-xs leading-5 font-semibold text-white"
            >
              {chat.unreadCount > 999 ? '999+' : chat.unreadCount}
            </span>
          )}
        </button>
      )}
    </div>
  );
}
