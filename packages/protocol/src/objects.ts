/** The objects of CONTRACT §4, exactly as REST answers and socket events carry them. */
export type UserRole = 'ADMIN' | 'EMPLOYEE';
export type ChatType = 'ONE_ON_ONE' | 'GROUP';
export type ChatRole = 'ADMIN' | 'MEMBER';
export type MessageType = 'TEXT' | 'IMAGE' | 'FILE' | 'AUDIO' | 'SYSTEM';
export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ';

export interface User {
  /** Opaque: the host system's id, or a UUID for users Samvad created (CONTRACT §2). */
  id: string;
  name: string;
  /** null for host users synced without one. */
  email: string | null;
  role: UserRole;
  avatarUrl: string | null;
  /** false once the host deactivated them: their tokens are refused, their messages stay. */
  isActive: boolean;
}

export interface DirectoryUser extends User {
  isOnline: boolean;
  lastSeen: string | null;
}

export interface Participant {
  id: string;
  name: string;
  role: UserRole;
  avatarUrl: string | null;
  chatRole: ChatRole;
  isOnline: boolean;
  lastSeen: string | null;
  joinedAt: string;
  /** false: deactivated by the host system (shown with a "deactivated" mark). */
  isActive: boolean;
}

export interface Reaction {
  emoji: string;
  count: number;
  users: string[];
}

export interface MessageSender {
  id: string;
  name: string;
  avatarUrl: string | null;
}

export interface ReplyPreview {
  id: string;
  content: string | null;
  messageType: MessageType;
  sender: { id: string; name: string };
  isDeleted: boolean;
}

export interface Message {
  id: string;
  chatId: string;
  seq: number;
  clientId: string | null;
  sender: MessageSender;
  content: string | null;
  messageType: MessageType;
  fileUrl: string | null;
  fileName: string | null;
  fileSize: number | null;
  mimeType: string | null;
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
  /** AUDIO: the length the server measured from the bytes; null for other types. */
  durationMs: number | null;
  /** AUDIO: levels 0–100 for drawing the voice message (WAVEFORM_BARS of them); null for other types. */
  waveform: number[] | null;
  replyTo: ReplyPreview | null;
  isForwarded: boolean;
  context: Record<string, unknown> | null;
  mentions: string[];
  reactions: Reaction[];
  status: MessageStatus | null;
  isEdited: boolean;
  editedAt: string | null;
  isDeleted: boolean;
  deletedAt: string | null;
  createdAt: string;
}

export interface Chat {
  id: string;
  type: ChatType;
  isGroup: boolean;
  name: string | null;
  description: string | null;
  avatarUrl: string | null;
  participants: Participant[];
  lastMessage: Message | null;
  unreadCount: number;
  /** Of those unread messages, the ones that @mention the caller (they count in muted and archived chats). */
  unreadMentionCount: number;
  isPinned: boolean;
  isArchived: boolean;
  isMuted: boolean;
  /** False once the caller left or was removed: history stays readable, nothing can be sent. */
  isMember: boolean;
  deliveredUpToSeq: number;
  readUpToSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface Attachment {
  attachmentId: string;
  fileUrl: string;
  fileName: string;
  fileSize: number;
  mimeType: string;
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
  /** A voice recording's measured length and levels (see Message); null for images and documents. */
  durationMs: number | null;
  waveform: number[] | null;
}

export interface Recipient {
  userId: string;
  name: string;
  avatarUrl: string | null;
  deliveredAt: string | null;
  readAt: string | null;
}

export interface SearchResult {
  message: Message;
  chat: { id: string; name: string | null; isGroup: boolean };
  snippet: string;
}

export interface Settings {
  soundEnabled: boolean;
  /** Browser notifications while the app is open, and Web Push to this user's devices when it is closed. */
  desktopNotifications: boolean;
  /** Notifications show who wrote and what; false: only "New message" and the count. */
  notificationPreview: boolean;
}

/**
 * What a Web Push carries (encrypted, RFC 8291) to a device's service worker: the new messages of
 * one chat since the last push, collapsed into one notification per chat (`tag` is the chat id).
 */
export interface PushNotificationPayload {
  kind: 'messages';
  chatId: string;
  /** The newest message of the batch. */
  messageId: string;
  /** How many new messages this push stands for. */
  count: number;
  title: string;
  body: string;
  tag: string;
  /** The page that opens the chat. */
  url: string;
  /** When the newest message was sent (ISO). */
  sentAt: string;
}

export interface Pagination {
  limit: number;
  hasMore: boolean;
  hasNewer: boolean;
  page?: number;
  total?: number;
  /** With `unread=first`: the caller's first unread message in this page, null when nothing is unread. */
  firstUnreadId?: string | null;
}

export interface SyncResult {
  messages: Message[];
  chats: Chat[];
  removedChatIds: string[];
  /** Messages the caller deleted for themselves (on another device) since the last token. */
  hiddenMessageIds: string[];
  next: string;
  hasMore: boolean;
}
