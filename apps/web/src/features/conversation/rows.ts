/**
 * Turns a chat's messages into list rows: day separators plus messages, with sender grouping, and
 * the "N unread messages" divider before the first message that was unread when the chat opened.
 */
import type { Message } from '@samvad/protocol';
import { dayLabel, needsDaySeparator } from '@/lib/dates';

export type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string; label: string }
  | { kind: 'message'; key: string; message: Message; showSender: boolean };

/** The first of the last `unreadCount` messages from others (what the server counts as unread). */
export function firstUnreadId(messages: readonly Message[], meId: string, unreadCount: number): string | null {
  if (unreadCount <= 0) return null;
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.sender.id === meId || m.messageType === 'SYSTEM') continue;
    if (++seen === unreadCount) return m.id;
  }
  return null;
}

export function buildRows(messages: Message[], now: Date = new Date(), unread?: { fromId: string; count: number }): Row[] {
  const rows: Row[] = [];
  let previous: Message | null = null;
  for (const message of messages) {
    if (unread && message.id === unread.fromId)
      rows.push({ kind: 'unread', key: 'unread', label: `${unread.count} unread message${unread.count === 1 ? '' : 's'}` });
    const isNewDay = needsDaySeparator(previous?.createdAt ?? null, message.createdAt);
    if (isNewDay)
      rows.push({ kind: 'day', key: `day:${message.createdAt.slice(0, 10)}:${message.id}`, label: dayLabel(message.createdAt, now) });
    const showSender = isNewDay || !previous || previous.sender.id !== message.sender.id || previous.messageType === 'SYSTEM';
    rows.push({ kind: 'message', key: message.clientId ? `c:${message.clientId}` : message.id, message, showSender });
    previous = message;
  }
  return rows;
}
