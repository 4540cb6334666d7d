import { describe, expect, it } from 'vitest';
import type { Chat, Message, User } from '@samvad/protocol';
import {
  applyMessages,
  applyUserUpdate,
  markDeletedForEveryone,
  patchChatMessage,
  removeChats,
  replaceChatList,
  replaceWindow,
  setWindow,
  upsertChats,
} from './mutations';
import { initialState, sortChats, unreadBadge } from './state';

const me: User = { id: 'me', name: 'Me', email: 'me@x', role: 'EMPLOYEE', avatarUrl: null, isActive: true };
const chat = (id: string, extra: Partial<Chat> = {}): Chat =>
  ({
    id,
    name: id,
    isGroup: false,
    participants: [],
    lastMessage: null,
    unreadCount: 0,
    unreadMentionCount: 0,
    isPinned: false,
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  }) as Chat;
const msg = (id: string, seq: number, sender = 'other', chatId = 'c1'): Message =>
  ({
    id,
    chatId,
    seq,
    clientId: `client-${id}`,
    sender: { id: sender, name: sender, avatarUrl: null },
    content: id,
    messageType: 'TEXT',
    createdAt: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
    reactions: [],
    mentions: [],
    isDeleted: false,
  }) as unknown as Message;

describe('chat state mutations', () => {
  it('counts unread only for new messages from others and moves lastMessage forward', () => {
    let s = upsertChats(initialState(me), [chat('c1')]);
    s = applyMessages(s, [msg('a', 1), msg('b', 2, 'me')], { countUnread: true });
    expect(s.chats.c1!.unreadCount).toBe(1);
    expect(s.chats.c1!.lastMessage!.id).toBe('b');
    // The same message again (socket + sync) is not counted twice.
    s = applyMessages(s, [msg('a', 1)], { countUnread: true });
    expect(s.chats.c1!.unreadCount).toBe(1);
    expect(s.chats.c1!.lastMessage!.id).toBe('b');
  });

  it('counts live mentions of me apart, so a muted chat can still raise the badge', () => {
    let s = upsertChats(initialState(me), [chat('c1', { isMuted: true, isArchived: false })]);
    s = applyMessages(s, [msg('a', 1), { ...msg('b', 2), mentions: ['me'] }, { ...msg('c', 3), mentions: ['someone'] }], {
      countUnread: true,
    });
    expect(s.chats.c1).toMatchObject({ unreadCount: 3, unreadMentionCount: 1 });
    expect(unreadBadge(s.chats)).toBe(1);
  });

  it('appends to a window at the newest page but not to one showing older history', () => {
    let s = upsertChats(initialState(me), [chat('c1'), chat('c2')]);
    s = setWindow(s, 'c1', (w) => ({ ...w, items: [msg('a', 1)] }));
    s = setWindow(s, 'c2', (w) => ({ ...w, items: [msg('x', 1, 'other', 'c2')], hasNewer: true }));
    s = applyMessages(s, [msg('b', 2), msg('y', 9, 'other', 'c2')], { countUnread: false });
    expect(s.windows.c1!.items.map((m) => m.id)).toEqual(['a', 'b']);
    expect(s.windows.c2!.items.map((m) => m.id)).toEqual(['x']);
  });

  it('keeps messages that arrived while the newest page loaded; a page of older history stands alone', () => {
    let s = upsertChats(initialState(me), [chat('c1')]);
    s = setWindow(s, 'c1', (w) => ({ ...w, loading: true }));
    // Acknowledged (own) and received while the request was out; the answer predates both.
    s = applyMessages(s, [msg('c', 3, 'me'), msg('d', 4)], { countUnread: false });
    const newest = replaceWindow(s.windows.c1!, [msg('a', 1), msg('b', 2)], { hasMore: false, hasNewer: false });
    expect(newest.items.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(newest.loading).toBe(false);
    // An answer that already has them: no doubles.
    const fresh = replaceWindow(s.windows.c1!, [msg('b', 2), msg('c', 3, 'me')], { hasMore: true, hasNewer: false });
    expect(fresh.items.map((m) => m.id)).toEqual(['b', 'c', 'd']);
    const older = replaceWindow(s.windows.c1!, [msg('a', 1)], { hasMore: false, hasNewer: true });
    expect(older.items.map((m) => m.id)).toEqual(['a']);
  });

  it('drops acknowledged outbox entries by clientId', () => {
    let s = upsertChats(initialState(me), [chat('c1')]);
    s = { ...s, outbox: [{ clientId: 'client-a', chatId: 'c1', content: 'a', createdAt: '1', state: 'pending' }] };
    s = applyMessages(s, [msg('a', 1, 'me')], { countUnread: false });
    expect(s.outbox).toEqual([]);
  });

  it('patches deleted messages in the window and the chat preview', () => {
    let s = upsertChats(initialState(me), [chat('c1', { lastMessage: msg('a', 1) })]);
    s = setWindow(s, 'c1', (w) => ({ ...w, items: [msg('a', 1)] }));
    s = patchChatMessage(s, 'c1', 'a', markDeletedForEveryone);
    expect(s.windows.c1!.items[0]!.isDeleted).toBe(true);
    expect(s.windows.c1!.items[0]!.content).toBeNull();
    expect(s.chats.c1!.lastMessage!.isDeleted).toBe(true);
  });

  it('removes chats and closes the active one', () => {
    let s = upsertChats(initialState(me), [chat('c1'), chat('c2')]);
    s = { ...s, activeChatId: 'c1' };
    s = removeChats(s, ['c1']);
    expect(Object.keys(s.chats)).toEqual(['c2']);
    expect(s.activeChatId).toBeNull();
  });

  it('sorts pinned chats first, then by latest activity', () => {
    const sorted = sortChats([
      chat('old', { updatedAt: '2026-01-01T00:00:00Z' }),
      chat('new', { updatedAt: '2026-01-03T00:00:00Z' }),
      chat('pinned', { isPinned: true, updatedAt: '2025-01-01T00:00:00Z' }),
    ]);
    expect(sorted.map((c) => c.id)).toEqual(['pinned', 'new', 'old']);
  });

  it('keeps a live last message newer than a chat list answer', () => {
    let s = upsertChats(initialState(me), [chat('c1', { lastMessage: msg('b', 2), unreadCount: 2 })]);
    s = replaceChatList(s, [chat('c1', { lastMessage: msg('a', 1), unreadCount: 1, isPinned: true }), chat('c2')]);
    expect(s.chats.c1!.lastMessage!.id).toBe('b');
    expect(s.chats.c1!.unreadCount).toBe(2);
    expect(s.chats.c1!.isPinned).toBe(true);
    expect(Object.keys(s.chats).sort()).toEqual(['c1', 'c2']);
    expect(s.chatsLoaded).toBe(true);
  });

  it('a new picture reaches the members, the other person’s one-on-one chat and me; groups keep their own', () => {
    const priya = { id: 'priya', name: 'Priya', role: 'EMPLOYEE', chatRole: 'MEMBER', avatarUrl: null } as Chat['participants'][number];
    const mine = { ...priya, id: 'me', name: 'Me' };
    let s = upsertChats(initialState(me), [
      chat('direct', { participants: [mine, priya] }),
      chat('group', { isGroup: true, avatarUrl: '/api/chats/group/avatar?v=g', participants: [mine, priya] }),
      chat('other', { participants: [mine] }),
    ]);
    const url = '/api/users/priya/avatar?v=1';
    s = applyUserUpdate(s, { id: 'priya', name: 'Priya', email: null, role: 'EMPLOYEE', avatarUrl: url, isActive: true });
    expect(s.chats.direct!.avatarUrl).toBe(url);
    expect(s.chats.group!.avatarUrl).toBe('/api/chats/group/avatar?v=g');
    expect(s.chats.group!.participants.find((p) => p.id === 'priya')!.avatarUrl).toBe(url);
    expect(s.chats.other!.participants).toEqual([mine]);
    s = applyUserUpdate(s, { ...me, avatarUrl: '/api/users/me/avatar?v=2' });
    expect(s.me.avatarUrl).toBe('/api/users/me/avatar?v=2');
    expect(s.chats.direct!.avatarUrl).toBe(url); // still the other person's
  });
});
