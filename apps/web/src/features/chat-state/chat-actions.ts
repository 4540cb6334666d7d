/** REST writes on chats and their members (CONTRACT §5); each answer is applied to the store at once. */
import type { Chat, ChatRole, RestRoutes } from '@samvad/protocol';
import { api } from '@/lib/api';
import type { Store } from '@/lib/store';
import { removeChats, upsertChats } from './mutations';
import type { ChatState } from './state';

type GroupInput = Omit<Extract<RestRoutes['POST /api/chats']['body'], { type: 'GROUP' }>, 'type'>;

export interface ChatActions {
  /** The one-on-one chat with that user (created when new), stored and opened. */
  openDirect(userId: string): Promise<Chat>;
  createGroup(input: GroupInput): Promise<Chat>;
  /** Group details (admins), or the caller's own pin/archive/mute. */
  update(chatId: string, patch: RestRoutes['PUT /api/chats/:id']['body']): Promise<Chat>;
  /** One-on-one: hidden with its history; group: left and hidden. */
  remove(chatId: string): Promise<void>;
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
}

export function createChatActions({ store, openChat }: Omit<Deps, 'refreshChat'>): ChatActions {
  const keep = (chat: Chat) => {
    store.set((s) => upsertChats(s, [chat]));
    return chat;
  };
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
    async update(chatId, patch) {
      return keep((await api('PUT /api/chats/:id', { params: { id: chatId }, body: patch })).chat);
    },
    async remove(chatId) {
      await api('DELETE /api/chats/:id', { params: { id: chatId } });
      store.set((s) => removeChats(s, [chatId]));
    },
  };
}

export function createMemberActions({ store, refreshChat }: Omit<Deps, 'openChat'>): MemberActions {
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
