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

/** "1 unread message", "30 unread messages": the divider and the jump-to-latest button say it alike. */
export const unreadLabel = (count: number) => `${count} unread message${count === 1 ? '' : 's'}`;

export function buildRows(messages: Message[], now: Date = new Date(), unread?: { fromId: string; count: number }): Row[] {
  const rows: Row[] = [];
  let previous: Message | null = null;
  for (const message of messages) {
    if (unread && message.id === unread.fromId) rows.push({ kind: 'unread', key: 'unread', label: unreadLabel(unread.count) });
    const isNewDay = needsDaySeparator(previous?.createdAt ?? null, message.createdAt);
    if (isNewDay)
      rows.push({ kind: 'day', key: `day:${message.createdAt.slice(0, 10)}:${message.id}`, label: dayLabel(message.createdAt, now) });
    const showSender = isNewDay || !previous || previous.sender.id !== message.sender.id || previous.messageType === 'SYSTEM';
    rows.push({ kind: 'message', key: message.clientId ? `c:${message.clientId}` : message.id, message, showSender });
    previous = message;
  }
  return rows;
}
