/** zod schemas for every REST body/query and socket payload; server validates with these, the web app reuses the types. */
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_NAME_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_PAGE_SIZE,
  MAX_REACTION_LENGTH,
} from './limits.js';

/** Chat, message and attachment ids. */
export const idSchema = z.uuid({ message: 'must be a UUID' });
/**
 * User ids are opaque: the host system's own ids as they are (cuid, integer, …), UUIDs for users
 * Samvad creates (CONTRACT §2). The character set keeps them safe in URLs, room names and keys.
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;
export const userIdSchema = z.string().regex(USER_ID_PATTERN, { message: 'must be a user id (1–64 of A-Z a-z 0-9 _ . : @ -)' });
const trimmed = (max: number) => z.string().trim().min(1).max(max);

const userRoleSchema = z.enum(['ADMIN', 'EMPLOYEE']);
const optionalEmail = z.string().trim().toLowerCase().email().max(254).nullable().optional();
const avatarUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => /^https?:\/\//i.test(v), { message: 'must be an http(s) URL' })
  .nullable()
  .optional();

/** A user as the host system describes it (PUT /api/users/:id, POST /api/users/sync, token claims). */
export const hostUserSchema = z.object({
  name: trimmed(100),
  email: optionalEmail,
  role: userRoleSchema,
  avatarUrl: avatarUrlSchema,
  active: z.boolean().optional(),
});
export type HostUserInput = z.infer<typeof hostUserSchema>;

export const MAX_USERS_PER_SYNC = 1000;
export const syncUsersSchema = z.object({
  users: z
    .array(hostUserSchema.extend({ id: userIdSchema }))
    .min(1)
    .max(MAX_USERS_PER_SYNC, { message: `at most ${MAX_USERS_PER_SYNC} users per call` })
    .refine((users) => new Set(users.map((u) => u.id)).size === users.length, { message: 'each user id at most once' }),
});
export type SyncUsersInput = z.infer<typeof syncUsersSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const createUserSchema = z.object({
  name: trimmed(100),
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(8).max(200),
  role: userRoleSchema.default('EMPLOYEE'),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userSearchSchema = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET …/avatar: `size=64` is the small variant for lists; `v` is the version the address carries. */
export const avatarQuerySchema = z.object({
  size: z.enum(['64', '256']).default('256'),
  v: z.string().max(64).optional(),
});

export const createChatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ONE_ON_ONE'), participantId: userIdSchema }),
  z.object({
    type: z.literal('GROUP'),
    name: trimmed(MAX_GROUP_NAME_LENGTH),
    description: z.string().trim().max(MAX_GROUP_DESCRIPTION_LENGTH).optional(),
    participantIds: z.array(userIdSchema).max(MAX_GROUP_MEMBERS).default([]),
  }),
]);
export type CreateChatInput = z.infer<typeof createChatSchema>;

export const updateChatSchema = z
  .object({
    name: trimmed(MAX_GROUP_NAME_LENGTH).optional(),
    description: z.string().trim().max(MAX_GROUP_DESCRIPTION_LENGTH).nullable().optional(),
    isPinned: z.boolean().optional(),
    isArchived: z.boolean().optional(),
    isMuted: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateChatInput = z.infer<typeof updateChatSchema>;

export const chatListQuerySchema = z.object({
  filter: z.enum(['all', 'unread', 'groups', 'archived']).default('all'),
  q: z.string().max(100).optional(),
});
export type ChatListQuery = z.infer<typeof chatListQuerySchema>;

export const addParticipantsSchema = z.object({
  userIds: z.array(userIdSchema).min(1).max(MAX_GROUP_MEMBERS),
});

export const updateParticipantSchema = z.object({ chatRole: z.enum(['ADMIN', 'MEMBER']) });

export const MAX_CONTEXT_DEPTH = 8;

/** How deep a JSON value nests, counted without recursion (a hostile value may nest thousands deep). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_CONTEXT_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const contextSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((v) => jsonDepth(v) <= MAX_CONTEXT_DEPTH, {
    message: `context nests too deep (${MAX_CONTEXT_DEPTH} levels at most)`,
    abort: true,
  })
  .refine((v) => JSON.stringify(v).length <= 2000, { message: 'context is too large (2,000 bytes at most)' });

export const sendMessageSchema = z
  .object({
    chatId: idSchema,
    content: z
      .string()
      .max(MAX_MESSAGE_LENGTH, { message: `at most ${MAX_MESSAGE_LENGTH} characters` })
      .optional(),
    messageType: z.enum(['TEXT', 'IMAGE', 'FILE', 'AUDIO']).optional(),
    attachmentId: idSchema.optional(),
    replyToId: idSchema.optional(),
    clientId: z.string().min(1).max(64).optional(),
    context: contextSchema.optional(),
  })
  .refine((v) => (v.content !== undefined && v.content.trim().length > 0) || v.attachmentId !== undefined, {
    message: 'a message needs text or an attachment',
    path: ['content'],
  });
export type SendMessageInput = z.infer<typeof sendMessageSchema>;
/** The REST body: the chat comes from the path. */
export const postMessageBodySchema = z.object({}).passthrough();

export const editMessageSchema = z.object({
  content: z
    .string()
    .max(MAX_MESSAGE_LENGTH, { message: `at most ${MAX_MESSAGE_LENGTH} characters` })
    .refine((s) => s.trim().length > 0, { message: 'a message cannot be empty' }),
});

export const deleteMessageQuerySchema = z.object({ for: z.enum(['me', 'everyone']).default('me') });

/**
 * Exactly one emoji as Unicode recommends them (RGI: with its flags, keycaps, skin tones and ZWJ
 * sequences). Built when first used: the `v` flag is newer than some browsers that load this package.
 */
let rgiEmoji: RegExp | undefined;
const isSingleEmoji = (text: string) => (rgiEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v')).test(text);

export const reactionSchema = z.object({
  emoji: z.string().max(MAX_REACTION_LENGTH).refine(isSingleEmoji, { message: 'emoji must be a single emoji' }),
});

export const forwardSchema = z.object({ chatIds: z.array(idSchema).min(1).max(20) });

export const messagePageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    before: idSchema.optional(),
    after: idSchema.optional(),
    around: idSchema.optional(),
    page: z.coerce.number().int().min(1).max(100000).optional(),
    /** `first`: the page around the caller's first unread message (the newest page when nothing is unread). */
    unread: z.literal('first').optional(),
  })
  .refine((v) => [v.before, v.after, v.around, v.page, v.unread].filter((x) => x !== undefined).length <= 1, {
    message: 'use only one of before, after, around, page, unread',
  });
export type MessagePageQuery = z.infer<typeof messagePageQuerySchema>;

/** A date PostgreSQL can compare with (JavaScript dates reach years PostgreSQL does not). */
const searchDate = z.coerce
  .date()
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, { message: 'must be a date between the years 1 and 9999' });

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  chatId: idSchema.optional(),
  senderId: userIdSchema.optional(),
  from: searchDate.optional(),
  to: searchDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10000).default(0),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const syncQuerySchema = z.object({ since: z.string().max(200).optional() });
export const recentQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) });

export const settingsSchema = z
  .object({
    soundEnabled: z.boolean().optional(),
    desktopNotifications: z.boolean().optional(),
    notificationPreview: z.boolean().optional(),
  })
  .strict();

/** Base64url without padding, as PushSubscription.toJSON() gives its keys. */
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** A browser's PushSubscription.toJSON(): where to send, and the keys that encrypt for it (RFC 8291). */
export const pushSubscriptionSchema = z.object({
  endpoint: z.string().url().max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The device's P-256 public key: 65 bytes uncompressed, 87 characters of base64url. */
    p256dh: base64url.length(87),
    /** The 16-byte authentication secret: 22 characters of base64url. */
    auth: base64url.length(22),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;
export const pushEndpointSchema = z.object({ endpoint: z.string().url().max(2048) });

// Socket payloads
export const messageRefSchema = z.object({ messageId: idSchema });
export const typingSchema = z.object({ chatId: idSchema, isTyping: z.boolean().default(true) });
