/**
 * The database schema (Drizzle). Migrations in ../../drizzle are generated from it with
 * `npm run db:generate -w @samvad/server` and applied at start-up on PGlite and PostgreSQL alike.
 *
 * Design notes (see docs/architecture.md):
 * - messages carry a per-chat, gap-free `seq`, allocated by bumping `chats.last_seq` inside the
 *   sending transaction (the chat row lock also makes commit order follow seq order);
 * - receipts are watermarks on chat_participants (last_delivered_seq / last_read_seq), with one
 *   receipt_events row per advance so "message info" can tell when each message was reached;
 * - every row a client may need to catch up on carries `change_xid`, the id of the transaction
 *   that last changed it; GET /api/sync reads windows of transaction ids (see sync/service.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const changeXid = () =>
  xid8('change_xid')
    .notNull()
    .default(sql`pg_current_xact_id()`);
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A user id: the host system's own id as it is (an opaque string, CONTRACT §2), or a UUID in text
 * form for users Samvad creates itself.
 */
const userId = (name: string) => text(name);

export const users = pgTable(
  'users',
  {
    id: userId('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    name: text('name').notNull(),
    /** Optional: the host may sync users without one. Unique (case-insensitive) when present. */
    email: text('email'),
    passwordHash: text('password_hash'),
    role: text('role', { enum: ['ADMIN', 'EMPLOYEE'] })
      .notNull()
      .default('EMPLOYEE'),
    /** The host's picture (an http(s) URL), shown when the user has not set one of their own. */
    avatarUrl: text('avatar_url'),
    /** The user's own picture in storage (avatars/<key>.webp and its 64 px variant); it wins over avatar_url. */
    avatarKey: text('avatar_key'),
    lastSeen: tstz('last_seen'),
    soundEnabled: boolean('sound_enabled').notNull().default(true),
    desktopNotifications: boolean('desktop_notifications').notNull().default(true),
    notificationPreview: boolean('notification_preview').notNull().default(true),
    /** false: deactivated by the host; tokens are refused, past messages keep the name. */
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    /** When the record last changed by a sync or a token's claims: older tokens cannot undo it. */
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const chats = pgTable(
  'chats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: ['ONE_ON_ONE', 'GROUP'] }).notNull(),
    name: text('name'),
    description: text('description'),
    avatarUrl: text('avatar_url'),
    /** The group picture in storage, set by a group admin (avatars/<key>.webp and its 64 px variant). */
    avatarKey: text('avatar_key'),
    createdById: userId('created_by_id')
      .notNull()
      .references(() => users.id),
    /** "<smaller user id>|<larger user id>" for one-on-one chats: one chat per pair, enforced here ("|" is never in a user id). */
    directKey: text('direct_key'),
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: createdAt(),
    /** Latest activity: creation, a new message, or a change of details. Orders the chat list. */
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    changeXid: changeXid(),
  },
  // No index on change_xid (sync reaches chats through the user's memberships), so bumping
  // last_seq on every message is a HOT update; fillfactor 70 (migration 0002) leaves it room.
  (t) => [uniqueIndex('chats_direct_key_key').on(t.directKey)],
);

export const chatParticipants = pgTable(
  'chat_participants',
  {
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    chatRole: text('chat_role', { enum: ['ADMIN', 'MEMBER'] })
      .notNull()
      .default('MEMBER'),
    joinedAt: tstz('joined_at').notNull().defaultNow(),
    /** The member sees messages with seq above this (history before they joined stays private). */
    joinedSeq: integer('joined_seq').notNull().default(0),
    leftAt: tstz('left_at'),
    /** Set when the member left or was removed: they keep reading up to and including this seq. */
    leftSeq: integer('left_seq'),
    /** The group's name and description when they left: a former member sees the chat as it was then. */
    leftName: text('left_name'),
    leftDescription: text('left_description'),
    lastDeliveredSeq: integer('last_delivered_seq').notNull().default(0),
    deliveredAt: tstz('delivered_at'),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    readAt: tstz('read_at'),
    /** "Delete chat": history up to this seq is hidden for this member. */
    clearedSeq: integer('cleared_seq').notNull().default(0),
    isHidden: boolean('is_hidden').notNull().default(false),
    isPinned: boolean('is_pinned').notNull().default(false),
    pinnedAt: tstz('pinned_at'),
    isArchived: boolean('is_archived').notNull().default(false),
    isMuted: boolean('is_muted').notNull().default(false),
    changeXid: changeXid(),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.userId] }),
    index('chat_participants_user_idx').on(t.userId),
    // As for chats: no change_xid index, so moving a receipt watermark is a HOT update (fillfactor 70).
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    uploaderId: userId('uploader_id')
      .notNull()
      .references(() => users.id),
    /** The chat it was uploaded into; forwarding makes it reachable from other chats through messages. */
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['IMAGE', 'FILE', 'AUDIO'] }).notNull(),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    fileSize: integer('file_size').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** Voice messages: the length measured from the bytes, and the levels drawn in the bubble. */
    durationMs: integer('duration_ms'),
    waveform: smallint('waveform').array(),
    createdAt: createdAt(),
    /** Set once a message references it; unsent uploads are removed by the retention job. */
    sentAt: tstz('sent_at'),
    erasedAt: tstz('erased_at'),
  },
  (t) => [
    index('attachments_unsent_idx')
      .on(t.createdAt)
      .where(sql`${t.sentAt} is null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    senderId: userId('sender_id')
      .notNull()
      .references(() => users.id),
    clientId: text('client_id'),
    messageType: text('message_type', { enum: ['TEXT', 'IMAGE', 'FILE', 'AUDIO', 'SYSTEM'] })
      .notNull()
      .default('TEXT'),
    content: text('content'),
    attachmentId: uuid('attachment_id').references(() => attachments.id, { onDelete: 'set null' }),
    replyToId: uuid('reply_to_id'),
    isForwarded: boolean('is_forwarded').notNull().default(false),
    context: jsonb('context'),
    mentions: userId('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    editedAt: tstz('edited_at'),
    deletedAt: tstz('deleted_at'),
    /** When the retention job erased what "delete for everyone" left behind. */
    erasedAt: tstz('erased_at'),
    changeXid: changeXid(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(content, '')), 'A') || to_tsvector('simple', coalesce(content, ''))`,
    ),
  },
  (t) => [
    uniqueIndex('messages_chat_seq_key').on(t.chatId, t.seq),
    uniqueIndex('messages_sender_client_id_key').on(t.senderId, t.clientId),
    index('messages_chat_change_xid_idx').on(t.chatId, t.changeXid),
    // Only messages that carry a file: most are text, and every index is written on each send.
    index('messages_attachment_idx')
      .on(t.attachmentId)
      .where(sql`${t.attachmentId} is not null`),
    index('messages_search_idx').using('gin', t.searchVector),
    /** Words inside words ("room" in "classroom"): trigram matching, tried when whole words come up short. */
    index('messages_content_trgm_idx').using('gin', t.content.op('gin_trgm_ops')),
    /** Search tries the newest days first (search/service.ts): a common word need not rank every hit. */
    index('messages_created_at_idx').on(t.createdAt),
    index('messages_deleted_idx')
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} is not null and ${t.erasedAt} is null`),
  ],
);

export const reactions = pgTable(
  'reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

/** "Delete for me": the message is hidden for this user only. */
export const messageHides = pgTable(
  'message_hides',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    changeXid: changeXid(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] }), index('message_hides_change_xid_idx').on(t.userId, t.changeXid)],
);

/**
 * The text a message had before each edit: a former member sees a message as it was when they
 * left (SECURITY.md: nothing after), so edits made since are undone for them from these rows.
 */
export const messageEdits = pgTable(
  'message_edits',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    previousContent: text('previous_content'),
    editedAt: tstz('edited_at').notNull(),
  },
  (t) => [index('message_edits_message_idx').on(t.messageId, t.editedAt)],
);

/** One row each time a member's delivered/read watermark advances; "message info" reads it. */
export const receiptEvents = pgTable(
  'receipt_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['DELIVERED', 'READ'] }).notNull(),
    upToSeq: integer('up_to_seq').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('receipt_events_lookup_idx').on(t.chatId, t.userId, t.kind, t.upToSeq)],
);

export type UserRow = typeof users.$inferSelect;
export type ChatRow = typeof chats.$inferSelect;
export type ParticipantRow = typeof chatParticipants.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;

/**
 * Web Push subscriptions: one row per device (browser profile) that opted in. The endpoint is the
 * push service's address for that device; a device that signs in as someone else moves to them.
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    endpoint: text('endpoint').primaryKey(),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The device's P-256 public key and auth secret (base64url): what the payload is encrypted for. */
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('push_subscriptions_user_idx').on(t.userId)],
);
