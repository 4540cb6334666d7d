/** State transitions shared by socket events, sync and REST answers. Pure: (state, input) → state. */
import type { Chat, Message, User } from '@samvad/protocol';
import { mergeMessages, patchMessage } from '@/lib/messages';
import { dropAcknowledged } from '@/lib/outbox';
import type { OfflineSnapshot } from '@/lib/offline-snapshot';
import type { ChatState, MessageWindow } from './state';

export function upsertChats(state: ChatState, chats: Chat[]): ChatState {
  if (chats.length === 0) return state;
  const next = { ...state.chats };
  for (const chat of chats) next[chat.id] = chat;
  return { ...state, chats: next };
}

export function removeChats(state: ChatState, chatIds: string[]): ChatState {
  if (chatIds.length === 0) return state;
  const chats = { ...state.chats };
  const windows = { ...state.windows };
  for (const id of chatIds) {
    delete chats[id];
    delete windows[id];
  }
  const activeChatId = state.activeChatId && chatIds.includes(state.activeChatId) ? null : state.activeChatId;
  return { ...state, chats, windows, activeChatId };
}

export function setWindow(state: ChatState, chatId: string, update: (w: MessageWindow) => MessageWindow): ChatState {
  const current = state.windows[chatId] ?? { items: [], hasMore: true, hasNewer: false, loading: false };
  return { ...state, windows: { ...state.windows, [chatId]: update(current) } };
}

/**
 * A loaded page replaces the window. When it is the newest page, messages that arrived live while
 * it loaded and are newer than it stay: the answer may predate them (an own message acknowledged,
 * or one received, during the request). A page of older history stands alone (no gap).
 */
export function replaceWindow(w: MessageWindow, page: Message[], pagination: { hasMore: boolean; hasNewer: boolean }): MessageWindow {
  const newestSeq = page.reduce((max, m) => Math.max(max, m.seq), 0);
  const arrived = pagination.hasNewer ? [] : w.items.filter((m) => m.seq > newestSeq);
  return { items: mergeMessages(page, arrived), hasMore: pagination.hasMore, hasNewer: pagination.hasNewer, loading: false };
}

/** What the server counts as unread above the read watermark: others' messages, not SYSTEM, not deleted. */
export function countsAsUnread(m: Message, meId: string): boolean {
  return m.sender.id !== meId && m.messageType !== 'SYSTEM' && !m.isDeleted;
}

/**
 * Applies messages (live, sync or ack) to the chats and loaded windows. A window that is not at
 * the newest page only takes updates of messages it already shows, so it never gets a gap.
 */
export function applyMessages(state: ChatState, messages: Message[], opts: { countUnread: boolean }): ChatState {
  if (messages.length === 0) return state;
  let next: ChatState = { ...state, outbox: dropAcknowledged(state.outbox, messages) };
  const byChat = new Map<string, Message[]>();
  for (const m of messages) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
  for (const [chatId, list] of byChat) {
    const window = next.windows[chatId];
    if (window) {
      const known = new Set(window.items.map((m) => m.id));
      const accepted = window.hasNewer ? list.filter((m) => known.has(m.id)) : list;
      next = setWindow(next, chatId, (w) => ({ ...w, items: mergeMessages(w.items, accepted) }));
    }
    const chat = next.chats[chatId];
    if (!chat) continue;
    const newest = list.reduce((a, b) => (b.seq > a.seq ? b : a));
    const isNewer = !chat.lastMessage || newest.seq >= chat.lastMessage.seq;
    const fresh = opts.countUnread
      ? list.filter((m) => countsAsUnread(m, state.me.id) && (!chat.lastMessage || m.seq > chat.lastMessage.seq))
      : [];
    next = upsertChats(next, [
      {
        ...chat,
        lastMessage: isNewer ? newest : chat.lastMessage,
        unreadCount: chat.unreadCount + fresh.length,
        unreadMentionCount: chat.unreadMentionCount + fresh.filter((m) => m.mentions.includes(state.me.id)).length,
        // A hidden chat (deleted by me) reappears on a new message; so does an archived one stay archived.
        updatedAt: isNewer ? newest.createdAt : chat.updatedAt,
      },
    ]);
  }
  return next;
}

export function patchChatMessage(state: ChatState, chatId: string, messageId: string, patch: (m: Message) => Message): ChatState {
  let next = state;
  if (state.windows[chatId]) next = setWindow(next, chatId, (w) => ({ ...w, items: patchMessage(w.items, messageId, patch) }));
  const chat = next.chats[chatId];
  if (chat?.lastMessage?.id === messageId) next = upsertChats(next, [{ ...chat, lastMessage: patch(chat.lastMessage) }]);
  return next;
}

export function markDeletedForEveryone(m: Message): Message {
  return {
    ...m,
    isDeleted: true,
    content: null,
    fileUrl: null,
    fileName: null,
    fileSize: null,
    thumbnailUrl: null,
    durationMs: null,
    waveform: null,
    reactions: [],
    deletedAt: new Date().toISOString(),
  };
}

export function hideMessages(state: ChatState, messageIds: string[]): ChatState {
  if (messageIds.length === 0) return state;
  const hidden = { ...state.hiddenMessageIds };
  for (const id of messageIds) hidden[id] = true;
  return { ...state, hiddenMessageIds: hidden };
}

/** Undo of a "delete for me" that had not reached the server yet. */
export function unhideMessages(state: ChatState, messageIds: string[]): ChatState {
  if (!messageIds.some((id) => state.hiddenMessageIds[id])) return state;
  const hidden = { ...state.hiddenMessageIds };
  for (const id of messageIds) delete hidden[id];
  return { ...state, hiddenMessageIds: hidden };
}

export function setTyping(state: ChatState, chatId: string, userId: string, name: string | null): ChatState {
  const current = { ...(state.typing[chatId] ?? {}) };
  if (name === null) {
    if (!(userId in current)) return state;
    delete current[userId];
  } else current[userId] = name;
  return { ...state, typing: { ...state.typing, [chatId]: current } };
}

/**
 * Replaces the chat list with a fresh GET /api/chats answer, except where a live event already
 * brought a newer last message than the answer has (the request may have left before it).
 */
export function replaceChatList(state: ChatState, loaded: Chat[]): ChatState {
  const chats: Record<string, Chat> = {};
  for (const chat of loaded) {
    const current = state.chats[chat.id];
    const isStale = current?.lastMessage && (!chat.lastMessage || current.lastMessage.seq > chat.lastMessage.seq);
    chats[chat.id] = isStale
      ? {
          ...chat,
          lastMessage: current.lastMessage,
          unreadCount: Math.max(chat.unreadCount, current.unreadCount),
          unreadMentionCount: Math.max(chat.unreadMentionCount, current.unreadMentionCount),
        }
      : chat;
  }
  return { ...state, chats, chatsLoaded: true };
}

/** The offline snapshot as the list and message windows, until the server answers (lib/offline-snapshot.ts). */
export function restoreSnapshot(state: ChatState, snapshot: OfflineSnapshot): ChatState {
  const windows = { ...state.windows };
  for (const [chatId, items] of Object.entries(snapshot.messages)) {
    windows[chatId] ??= { items, hasMore: true, hasNewer: true, loading: false, isSaved: true };
  }
  return { ...replaceChatList(state, snapshot.chats), windows, savedAt: snapshot.savedAt };
}

/**
 * A user's new picture (userUpdated, or my own change): wherever they appear — me, the members
 * of each chat, and the one-on-one chat whose picture is theirs.
 */
export function applyUserUpdate(state: ChatState, user: User): ChatState {
  const changed: Chat[] = [];
  for (const chat of Object.values(state.chats)) {
    if (!chat.participants.some((p) => p.id === user.id)) continue;
    const participants = chat.participants.map((p) => (p.id === user.id ? { ...p, name: user.name, avatarUrl: user.avatarUrl } : p));
    const isTheirs = !chat.isGroup && user.id !== state.me.id;
    changed.push({ ...chat, participants, avatarUrl: isTheirs ? user.avatarUrl : chat.avatarUrl });
  }
  const next = upsertChats(state, changed);
  return user.id === state.me.id ? { ...next, me: user } : next;
}
