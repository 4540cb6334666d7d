/** Turns a chat's messages into list rows: day separators plus messages, with sender grouping. */
import type { Message } from '@samvad/protocol';
import { dayLabel, needsDaySeparator } from '@/lib/dates';

export type Row = { kind: 'day'; key: string; label: string } | { kind: 'message'; key: string; message: Message; showSender: boolean };

export function buildRows(messages: Message[], now: Date = new Date()): Row[] {
  const rows: Row[] = [];
  let previous: Message | null = null;
  for (const message of messages) {
    const isNewDay = needsDaySeparator(previous?.createdAt ?? null, message.createdAt);
    if (isNewDay)
      rows.push({ kind: 'day', key: `day:${message.createdAt.slice(0, 10)}:${message.id}`, label: dayLabel(message.createdAt, now) });
    const showSender = isNewDay || !previous || previous.sender.id !== message.sender.id || previous.messageType === 'SYSTEM';
    rows.push({ kind: 'message', key: message.clientId ? `c:${message.clientId}` : message.id, message, showSender });
    previous = message;
  }
  return rows;
}
