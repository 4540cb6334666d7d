/** Live events (CONTRACT §6) → state. Everything here is also recoverable through GET /api/sync. */
import type { Message, MessageStatus } from '@samvad/protocol';
import {
  applyMessages,
  applyUserUpdate,
  hideMessages,
  markDeletedForEveryone,
  patchChatMessage,
  removeChats,
  setTyping,
  upsertChats,
} from './mutations';
import { notifyIncoming } from '../notifications/notify';
import type { ChatClient } from './client';

interface HandlerHelpers {
  acknowledgeDelivery(message: Message): void;
  advance(chatId: string, status: Exclude<MessageStatus, 'SENT'>, upToSeq: number): void;
}

export function attachSocketHandlers(client: ChatClient, helpers: HandlerHelpers): void {
  const { socket, store } = client;
  const me = store.get().me;

  socket.on('newMessage', (message) => {
    const state = store.get();
    const isMine = message.sender.id === me.id;
    const isActive = state.activeChatId === message.chatId;
    store.set((s) => setTyping(applyMessages(s, [message], { countUnread: !isMine }), message.chatId, message.sender.id, null));
    if (!state.chats[message.chatId]) void client.refreshChat(message.chatId);
    if (isMine) return;
    helpers.acknowledgeDelivery(message);
    const chat = store.get().chats[message.chatId];
    if (chat) notifyIncoming(message, chat, { me, isActive, settings: state.settings, open: (id) => client.openChat(id) });
  });

  socket.on('messageStatusUpdated', ({ chatId, status, upToSeq }) => helpers.advance(chatId, status, upToSeq));
  socket.on('messageUpdated', (message) => store.set((s) => patchChatMessage(s, message.chatId, message.id, () => message)));
  socket.on('messageDeleted', ({ chatId, messageId }) => store.set((s) => patchChatMessage(s, chatId, messageId, markDeletedForEveryone)));
  socket.on('reactionUpdated', ({ chatId, messageId, reactions }) =>
    store.set((s) => patchChatMessage(s, chatId, messageId, (m) => ({ ...m, reactions }))),
  );

  socket.on('userTyping', ({ chatId, userId, userName }) => store.set((s) => setTyping(s, chatId, userId, userName)));
  socket.on('userStoppedTyping', ({ chatId, userId }) => store.set((s) => setTyping(s, chatId, userId, null)));
  socket.on('userOnline', ({ userId }) =>
    store.set((s) => ({ ...s, presence: { ...s.presence, [userId]: { isOnline: true, lastSeen: null } } })),
  );
  socket.on('userOffline', ({ userId, lastSeen }) =>
    store.set((s) => ({ ...s, presence: { ...s.presence, [userId]: { isOnline: false, lastSeen } } })),
  );

  socket.on('chatCreated', (chat) => store.set((s) => upsertChats(s, [chat])));
  socket.on('chatUpdated', (chat) => store.set((s) => upsertChats(s, [chat])));
  socket.on('userUpdated', ({ user }) => store.set((s) => applyUserUpdate(s, user)));
  socket.on('chatRemoved', ({ chatId }) => store.set((s) => removeChats(s, [chatId])));
  socket.on('messageHidden', ({ messageId }) => store.set((s) => hideMessages(s, [messageId])));
  socket.on('participantAdded', ({ chatId }) => void client.refreshChat(chatId));
  socket.on('participantRemoved', ({ chatId }) => void client.refreshChat(chatId));
}
