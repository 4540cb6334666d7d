import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, splitMentions, suggestMembers } from './mentions';

const members = [
  { id: 'me', name: 'Asha Admin' },
  { id: 'p', name: 'Priya Sharma' },
  { id: 'r', name: 'Ravi Kumar' },
  { id: 's', name: 'Sharad Rao' },
];

describe('mentions', () => {
  it('finds the @query being typed at the caret, and only there', () => {
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('hi @Pri', 7)).toEqual({ start: 3, query: 'Pri' });
    expect(mentionAt('hi @Priya Sh', 12)).toEqual({ start: 3, query: 'Priya Sh' });
    expect(mentionAt('mail a@b.com', 12)).toBeNull(); // not after a space
    expect(mentionAt('hi @Pri', 2)).toBeNull(); // caret before it
    expect(mentionAt('@Priya\nnext', 11)).toBeNull();
    expect(mentionAt('@ Priya', 7)).toBeNull();
  });

  it('suggests members by name or by any word of it, never the writer', () => {
    expect(suggestMembers(members, '', 'me').map((m) => m.id)).toEqual(['p', 'r', 's']);
    expect(suggestMembers(members, 'sha', 'me').map((m) => m.id)).toEqual(['p', 's']);
    expect(suggestMembers(members, 'RAVI K', 'me').map((m) => m.id)).toEqual(['r']);
    expect(suggestMembers(members, 'asha', 'me')).toEqual([]);
  });

  it('writes the full name in and puts the caret after it', () => {
    expect(insertMention('hi @Pri how are you', 3, 7, 'Priya Sharma')).toEqual({ text: 'hi @Priya Sharma how are you', caret: 17 });
    expect(insertMention('@', 0, 1, 'Ravi Kumar')).toEqual({ text: '@Ravi Kumar ', caret: 12 });
  });

  it('finds the mentions of given members in message text, by full or first name', () => {
    const show = (text: string, names: string[]) =>
      splitMentions(text, names)
        .map((p) => (p.isMention ? `[${p.text}]` : p.text))
        .join('');
    expect(show('Thanks @Priya Sharma and @ravi!', ['Priya Sharma', 'Ravi Kumar'])).toBe('Thanks [@Priya Sharma] and [@ravi]!');
    expect(show('@Priya first', ['Priya Sharma'])).toBe('[@Priya] first');
    expect(show('mail priya@Priya.com or @Priyanka', ['Priya Sharma'])).toBe('mail priya@Priya.com or @Priyanka');
    expect(show('no mentions here', [])).toBe('no mentions here');
  });
});
