/**
 * REST writes on chats and their members (CONTRACT §5); each answer is applied to the store at once.
 * Archiving offers Undo (the server's unarchive); deleting a one-on-one chat only hides it for this
 * user and has no reverse on the server, so it waits out its Undo toast.
 */
import type { Chat, ChatRole, RestRoutes } from '@samvad/protocol';
import { api, putPicture } from '@/lib/api';
import type { Store } from '@/lib/store';
import { removeChats, upsertChats } from './mutations';
import type { ChatState } from './state';
import type { UndoQueue } from './undo-queue';

type GroupInput = Omit<Extract<RestRoutes['POST /api/chats']['body'], { type: 'GROUP' }>, 'type'>;

export interface ChatActions {
  /** The one-on-one chat with that user (created when new), stored and opened. */
  openDirect(userId: string): Promise<Chat>;
  createGroup(input: GroupInput): Promise<Chat>;
  /** Group details (admins), or the caller's own pin/archive/mute. */
  update(chatId: string, patch: RestRoutes['PUT /api/chats/:id']['body']): Promise<Chat>;
  /** Archiving offers Undo for a few seconds. */
  setArchived(chatId: string, isArchived: boolean): Promise<void>;
  /** One-on-one: hidden with its history (sent when its Undo toast expires); group: left and hidden. */
  remove(chatId: string): Promise<void>;
  /** The group picture (group admins): a cropped square, or null to remove it. */
  setPicture(chatId: string, picture: Blob | null): Promise<void>;
}

/** Membership changes answer the participants; the chat (name, roles, isMember) is fetched again. */
export interface MemberActions {
  add(chatId: string, userIds: string[]): Promise<void>;
  setRole(chatId: string, userId: string, chatRole: ChatRole): Promise<void>;
  remove(chatId: string, userId: string): Promise<void>;
  leave(chatId: string): Promise<void>;
}

interface Deps {
  store: Store<ChatState>;
  openChat(chatId: string): void;
  refreshChat(chatId: string): Promise<void>;
  undo: UndoQueue;
  /** The session's, so a write sent while signing out still carries it. */
  token: string;
}

export function createChatActions({ store, openChat, undo, token }: Omit<Deps, 'refreshChat'>): ChatActions {
  const keep = (chat: Chat) => {
    store.set((s) => upsertChats(s, [chat]));
    return chat;
  };
  const update: ChatActions['update'] = async (chatId, patch) =>
    keep((await api('PUT /api/chats/:id', { params: { id: chatId }, body: patch })).chat);
  return {
    async openDirect(userId) {
      const { chat } = await api('POST /api/chats', { body: { type: 'ONE_ON_ONE', participantId: userId } });
      keep(chat);
      openChat(chat.id);
      return chat;
    },
    async createGroup(input) {
      return keep((await api('POST /api/chats', { body: { type: 'GROUP', ...input } })).chat);
    },
    update,
    async setArchived(chatId, isArchived) {
      await update(chatId, { isArchived });
      if (isArchived) undo.offerUndo('Chat archived', () => update(chatId, { isArchived: false }));
    },
    async remove(chatId) {
      const before = store.get();
      const chat = before.chats[chatId];
      if (chat && !chat.isGroup) {
        const window = before.windows[chatId];
        const wasOpen = before.activeChatId === chatId;
        undo.delay('Chat deleted', {
          apply: (s) => removeChats(s, [chatId]),
          revert: (s) => ({
            ...upsertChats(s, [s.chats[chatId] ?? chat]),
            windows: window && !s.windows[chatId] ? { ...s.windows, [chatId]: window } : s.windows,
            activeChatId: wasOpen && !s.activeChatId ? chatId : s.activeChatId,
          }),
          send: async (keepalive) => {
            await api('DELETE /api/chats/:id', { params: { id: chatId }, keepalive, token });
            // A message that arrived meanwhile brought the chat back (refreshChat): it is gone now.
            store.set((s) => removeChats(s, [chatId]));
          },
          failure: 'Could not delete the chat',
        });
        return;
      }
      await api('DELETE /api/chats/:id', { params: { id: chatId } });
      store.set((s) => removeChats(s, [chatId]));
    },
    async setPicture(chatId, picture) {
      const params = { id: chatId };
      keep(
        (picture ? await putPicture('PUT /api/chats/:id/avatar', picture, params) : await api('DELETE /api/chats/:id/avatar', { params }))
          .chat,
      );
    },
  };
}

export function createMemberActions({ store, refreshChat }: Pick<Deps, 'store' | 'refreshChat'>): MemberActions {
  return {
    async add(chatId, userIds) {
      await api('POST /api/chats/:id/participants', { params: { id: chatId }, body: { userIds } });
      await refreshChat(chatId);
    },
    async setRole(chatId, userId, chatRole) {
      await api('PUT /api/chats/:id/participants/:userId', { params: { id: chatId, userId }, body: { chatRole } });
      await refreshChat(chatId);
    },
    async remove(chatId, userId) {
      await api('DELETE /api/chats/:id/participants/:userId', { params: { id: chatId, userId } });
      await refreshChat(chatId);
    },
    async leave(chatId) {
      await api('DELETE /api/chats/:id/participants/:userId', { params: { id: chatId, userId: store.get().me.id } });
      store.set((s) => removeChats(s, [chatId]));
    },
  };
}
