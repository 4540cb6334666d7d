import { describe, expect, it } from 'vitest';
import type { Message } from '@samvad/protocol';
import { mergeMessages, previewText } from './messages';

const msg = (id: string, seq: number, content = id): Message =>
  ({ id, seq, content, messageType: 'TEXT', isDeleted: false, fileName: null }) as Message;

describe('messages', () => {
  it('merges by id and orders by seq', () => {
    const merged = mergeMessages([msg('b', 2), msg('a', 1)], [msg('c', 3), msg('b', 2, 'edited')]);
    expect(merged.map((m) => [m.id, m.content])).toEqual([
      ['a', 'a'],
      ['b', 'edited'],
      ['c', 'c'],
    ]);
  });
  it('previews deleted, image and file messages', () => {
    expect(previewText({ ...msg('a', 1), isDeleted: true })).toBe('This message was deleted');
    expect(previewText({ ...msg('a', 1), messageType: 'IMAGE', content: null })).toBe('📷 Photo');
    expect(previewText({ ...msg('a', 1), messageType: 'FILE', fileName: 'r.pdf' })).toBe('📄 r.pdf');
  });
});
