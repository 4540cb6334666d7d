/**
 * The REST contract (CONTRACT §5) as types: every route the server answers under /api, keyed
 * `'METHOD /path/:param'`, with what a client sends (`query`, `body`) and the `data` of the success
 * envelope. The server's `ok<Route>()` and the web app's `api(route, …)` both read this map, so a
 * changed answer fails the type check on both sides. Bodies and queries come from the zod schemas
 * the server validates with (their input side: what a client may send, defaults left out).
 */
import type { z } from 'zod';
import type {
  Attachment,
  Chat,
  DirectoryUser,
  Message,
  Pagination,
  Participant,
  Reaction,
  Recipient,
  SearchResult,
  Settings,
  SyncResult,
  User,
} from './objects.js';
import type {
  addParticipantsSchema,
  chatListQuerySchema,
  createChatSchema,
  createUserSchema,
  deleteMessageQuerySchema,
  editMessageSchema,
  forwardSchema,
  hostUserSchema,
  loginSchema,
  messagePageQuerySchema,
  reactionSchema,
  recentQuerySchema,
  pushEndpointSchema,
  pushSubscriptionSchema,
  searchQuerySchema,
  sendMessageSchema,
  settingsSchema,
  syncQuerySchema,
  syncUsersSchema,
  updateChatSchema,
  updateParticipantSchema,
  userSearchSchema,
} from './schemas.js';

/** A JSON body as a client sends it: the schema's input (optional where the server fills a default). */
type Body<S extends z.ZodType> = z.input<S>;
/** Query parameters as a client sets them: every one optional, dates as ISO strings. */
type Query<S extends z.ZodType> = { [K in keyof z.output<S>]?: QueryValue<Exclude<z.output<S>[K], undefined>> };
type QueryValue<T> = T extends Date ? string : T;
/** `DELETE`s and the like answer `data: {}`. */
export type EmptyData = Record<string, never>;

export interface ChatUnread {
  chatId: string;
  unreadCount: number;
}

/** A receipt over REST: the caller's watermark in that chat moved up to `upToSeq`. */
export interface ReceiptResult {
  chatId: string;
  upToSeq: number;
}

/** Running totals of one group commit (sends or receipts) since the process started. */
export interface BatchStats {
  batches: number;
  items: number;
  failedBatches: number;
  writeMs: number;
  largestBatch: number;
  queued: number;
}

export interface ServerMetrics {
  sockets: number;
  rooms: number;
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
  sendBatches: BatchStats;
  receiptBatches: BatchStats;
}

export interface Health {
  status: 'ok';
  database: 'ok';
  /** Only with REDIS_URL; 'down' still answers 200 (live fan-out across processes degrades, nothing is lost). */
  redis?: 'ok' | 'down';
}

export interface RestRoutes {
  'GET /api/health': { data: Health };

  'POST /api/auth/login': { body: Body<typeof loginSchema>; data: { token: string; user: User } };
  'GET /api/auth/me': { data: { user: User } };

  'GET /api/users': { query: Query<typeof userSearchSchema>; data: { users: DirectoryUser[] } };
  'GET /api/users/:id': { data: { user: DirectoryUser } };
  'POST /api/users': { body: Body<typeof createUserSchema>; data: { user: User } };
  'PUT /api/users/:id': { body: Body<typeof hostUserSchema>; data: { user: DirectoryUser } };
  'POST /api/users/sync': { body: Body<typeof syncUsersSchema>; data: { created: number; updated: number; unchanged: number } };
  /** Multipart, one field `file` (JPEG, PNG or WebP): the caller's own picture, made a 256 px square. */
  'PUT /api/users/me/avatar': { multipart: { file: Blob }; data: { user: User } };
  'DELETE /api/users/me/avatar': { data: { user: User } };

  'GET /api/chats': { query: Query<typeof chatListQuerySchema>; data: { chats: Chat[] } };
  'POST /api/chats': { body: Body<typeof createChatSchema>; data: { chat: Chat } };
  'GET /api/chats/:id': { data: { chat: Chat } };
  'PUT /api/chats/:id': { body: Body<typeof updateChatSchema>; data: { chat: Chat } };
  'DELETE /api/chats/:id': { data: EmptyData };
  'GET /api/chats/:id/participants': { data: { participants: Participant[] } };
  'POST /api/chats/:id/participants': { body: Body<typeof addParticipantsSchema>; data: { participants: Participant[] } };
  'PUT /api/chats/:id/participants/:userId': { body: Body<typeof updateParticipantSchema>; data: { participants: Participant[] } };
  'DELETE /api/chats/:id/participants/:userId': { data: EmptyData };
  'GET /api/chats/:id/messages': { query: Query<typeof messagePageQuerySchema>; data: { messages: Message[]; pagination: Pagination } };
  /** The chat comes from the path. */
  'POST /api/chats/:id/messages': { body: Omit<Body<typeof sendMessageSchema>, 'chatId'>; data: { message: Message } };
  'PUT /api/chats/:id/read': { data: { unreadCount: number } };
  'GET /api/chats/:id/unread': { data: { unreadCount: number } };
  /** Multipart, one field `file` (not JSON): the web app sends it with XHR for upload progress. */
  'POST /api/chats/:id/upload': { multipart: { file: Blob }; data: { attachment: Attachment } };
  /** Group admins: the group picture (multipart, as PUT /api/users/me/avatar). */
  'PUT /api/chats/:id/avatar': { multipart: { file: Blob }; data: { chat: Chat } };
  'DELETE /api/chats/:id/avatar': { data: { chat: Chat } };
  'GET /api/chats/search': { query: Query<typeof searchQuerySchema>; data: { results: SearchResult[] } };
  'GET /api/chats/:id/search': { query: Omit<Query<typeof searchQuerySchema>, 'chatId'>; data: { results: SearchResult[] } };

  'GET /api/messages/recent': { query: Query<typeof recentQuerySchema>; data: { messages: Message[] } };
  'PUT /api/messages/:id': { body: Body<typeof editMessageSchema>; data: { message: Message } };
  /** `for=everyone` answers the deleted message; `for=me` answers `{}`. */
  'DELETE /api/messages/:id': { query: Query<typeof deleteMessageQuerySchema>; data: { message?: Message } };
  'POST /api/messages/:id/forward': { body: Body<typeof forwardSchema>; data: { messages: Message[] } };
  'PUT /api/messages/:id/read': { data: ReceiptResult };
  'PUT /api/messages/:id/delivered': { data: ReceiptResult };
  'GET /api/messages/:id/info': { data: { recipients: Recipient[] } };
  'POST /api/messages/:id/reactions': { body: Body<typeof reactionSchema>; data: { reactions: Reaction[] } };
  'DELETE /api/messages/:id/reactions': { data: { reactions: Reaction[] } };

  'GET /api/sync': { query: Query<typeof syncQuerySchema>; data: SyncResult };
  'GET /api/unread': { data: { unreadCount: number; chats: ChatUnread[]; badgeCount: number } };
  'GET /api/me/settings': { data: { settings: Settings } };
  'PUT /api/me/settings': { body: Body<typeof settingsSchema>; data: { settings: Settings } };

  /** Web Push (VAPID): the server's public key, null when push is off on this server. */
  'GET /api/push/key': { data: { publicKey: string | null } };
  /** Stores this device's subscription for the caller (the same endpoint moves to the latest user). */
  'POST /api/push/subscriptions': { body: Body<typeof pushSubscriptionSchema>; data: EmptyData };
  'DELETE /api/push/subscriptions': { body: Body<typeof pushEndpointSchema>; data: EmptyData };

  /** Sets the files cookie that lets `<img>` load files without the bearer header (docs/files.md). */
  'POST /api/files/session': { data: { expiresAt: string } };
  'DELETE /api/files/session': { data: EmptyData };

  'GET /api/admin/metrics': { data: { metrics: ServerMetrics } };
}

/**
 * Downloads answer the file's bytes, not the envelope (errors still come as the envelope of
 * CONTRACT §3), so they are outside RestRoutes.
 */
export type FileRoute =
  | 'GET /api/files/:id'
  | 'GET /api/files/:id/thumbnail'
  /** Pictures: the bytes behind `avatarUrl` (query `avatarQuerySchema`: `size=64` for the small variant). */
  | 'GET /api/users/:id/avatar'
  | 'GET /api/chats/:id/avatar';

export type RestRoute = keyof RestRoutes;
/** The `data` of a route's success envelope. */
export type RouteData<R extends RestRoute> = RestRoutes[R]['data'];
/** The names of a route's path parameters: `'id' | 'userId'` for `…/chats/:id/participants/:userId`. */
export type RouteParamName<R extends string> = R extends `${string}:${infer Name}/${infer Rest}`
  ? Name | RouteParamName<Rest>
  : R extends `${string}:${infer Name}`
    ? Name
    : never;
