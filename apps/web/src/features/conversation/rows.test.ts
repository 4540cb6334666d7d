import { describe, expect, it } from 'vitest';
import type { Message } from '@samvad/protocol';
import { buildRows } from './rows';

const msg = (id: string, sender: string, createdAt: Date): Message =>
  ({ id, clientId: null, sender: { id: sender, name: sender }, createdAt: createdAt.toISOString(), messageType: 'TEXT' }) as Message;

describe('buildRows', () => {
  it('inserts Today/Yesterday separators and groups consecutive senders', () => {
    const now = new Date(2026, 10, 25, 12);
    const rows = buildRows(
      [
        msg('1', 'a', new Date(2026, 10, 24, 9)),
        msg('2', 'a', new Date(2026, 10, 24, 10)),
        msg('3', 'a', new Date(2026, 10, 25, 8)),
        msg('4', 'b', new Date(2026, 10, 25, 9)),
      ],
      now,
    );
    expect(rows.map((r) => (r.kind !== 'message' ? r.label : `${r.message.id}${r.showSender ? '*' : ''}`))).toEqual([
      'Yesterday',
      '1*',
      '2',
      'Today',
      '3*',
      '4*',
    ]);
  });

  it('puts the unread divider before the first unread message', () => {
    const now = new Date(2026, 10, 25, 12);
    const at = (h: number) => new Date(2026, 10, 25, h);
    const messages = [msg('1', 'b', at(8)), msg('2', 'me', at(9)), msg('3', 'b', at(10)), msg('4', 'me', at(10)), msg('5', 'b', at(11))];
    const rows = buildRows(messages, now, { fromId: '3', count: 2 });
    expect(rows.map((r) => (r.kind === 'message' ? r.message.id : r.label))).toEqual([
      'Today',
      '1',
      '2',
      '2 unread messages',
      '3',
      '4',
      '5',
    ]);
  });
});
