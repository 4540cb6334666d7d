/** Typed Socket.IO event maps (CONTRACT §6) for `Server<ClientToServerEvents, ServerToClientEvents>` and the client. */
import type { AckCallback } from './errors.js';
import type { Chat, Message, MessageStatus, Reaction, User } from './objects.js';
import type { SendMessageInput } from './schemas.js';

export interface ClientToServerEvents {
  sendMessage: (payload: SendMessageInput, ack?: AckCallback<{ messageId: string; message: Message }>) => void;
  messageDelivered: (payload: { messageId: string }, ack?: AckCallback<{ upToSeq: number }>) => void;
  messageRead: (payload: { messageId: string }, ack?: AckCallback<{ upToSeq: number }>) => void;
  typing: (payload: { chatId: string; isTyping: boolean }, ack?: AckCallback) => void;
  goOnline: (ack?: AckCallback) => void;
  goOffline: (ack?: AckCallback) => void;
}

export interface MessageStatusUpdate {
  chatId: string;
  messageId: string;
  status: Exclude<MessageStatus, 'SENT'>;
  upToSeq: number;
  userId: string;
  at: string;
}

export interface ParticipantChange {
  chatId: string;
  chatName: string | null;
  userId: string;
  userName: string;
}

export interface TypingEvent {
  chatId: string;
  userId: string;
  userName: string;
}

export interface ServerToClientEvents {
  authenticated: (payload: { user: User }) => void;
  newMessage: (message: Message) => void;
  messageStatusUpdated: (payload: MessageStatusUpdate) => void;
  messageUpdated: (message: Message) => void;
  messageDeleted: (payload: { chatId: string; messageId: string }) => void;
  reactionUpdated: (payload: { chatId: string; messageId: string; reactions: Reaction[] }) => void;
  userTyping: (payload: TypingEvent) => void;
  userStoppedTyping: (payload: TypingEvent) => void;
  userOnline: (payload: { userId: string; userName: string }) => void;
  userOffline: (payload: { userId: string; userName: string; lastSeen: string }) => void;
  chatCreated: (chat: Chat) => void;
  chatUpdated: (chat: Chat) => void;
  /** A user's picture changed: to their own tabs and to everyone who shares a chat with them. */
  userUpdated: (payload: { user: User }) => void;
  chatRemoved: (payload: { chatId: string }) => void;
  /** To the caller's other tabs after a delete for me: the message leaves their view too. */
  messageHidden: (payload: { chatId: string; messageId: string }) => void;
  participantAdded: (payload: ParticipantChange) => void;
  participantRemoved: (payload: ParticipantChange) => void;
}
