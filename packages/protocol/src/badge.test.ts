import { describe, expect, it } from 'vitest';
import { badgeTotal, badgeUnread } from './badge.js';

const chat = (extra: Partial<Parameters<typeof badgeUnread>[0]>) => ({
  unreadCount: 5,
  unreadMentionCount: 2,
  isMuted: false,
  isArchived: false,
  ...extra,
});

describe('the unread badge', () => {
  it('counts every unread of an ordinary chat and only the mentions of a muted or archived one', () => {
    expect(badgeUnread(chat({}))).toBe(5);
    expect(badgeUnread(chat({ isMuted: true }))).toBe(2);
    expect(badgeUnread(chat({ isArchived: true }))).toBe(2);
    expect(badgeUnread(chat({ isArchived: true, unreadMentionCount: 0 }))).toBe(0);
    expect(badgeTotal([chat({}), chat({ isMuted: true }), chat({ isArchived: true, unreadMentionCount: 0 })])).toBe(7);
  });
});
