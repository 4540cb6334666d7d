/** zod schemas for every REST body/query and socket payload; server validates with these, the web app reuses the types. */
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_NAME_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_PAGE_SIZE,
  REACTION_EMOJIS,
} from './limits.js';

export const idSchema = z.uuid({ message: 'must be a UUID' });
const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const createUserSchema = z.object({
  name: trimmed(100),
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(8).max(200),
  role: z.enum(['ADMIN', 'EMPLOYEE']).default('EMPLOYEE'),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const userSearchSchema = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const createChatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ONE_ON_ONE'), participantId: idSchema }),
  z.object({
    type: z.literal('GROUP'),
    name: trimmed(MAX_GROUP_NAME_LENGTH),
    description: z.string().trim().max(MAX_GROUP_DESCRIPTION_LENGTH).optional(),
    participantIds: z.array(idSchema).max(MAX_GROUP_MEMBERS).default([]),
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
  userIds: z.array(idSchema).min(1).max(MAX_GROUP_MEMBERS),
});

export const updateParticipantSchema = z.object({ chatRole: z.enum(['ADMIN', 'MEMBER']) });

const contextSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 2000, { message: 'context is too large (2,000 bytes at most)' });

export const sendMessageSchema = z
  .object({
    chatId: idSchema,
    content: z
      .string()
      .max(MAX_MESSAGE_LENGTH, { message: `at most ${MAX_MESSAGE_LENGTH} characters` })
      .optional(),
    messageType: z.enum(['TEXT', 'IMAGE', 'FILE']).optional(),
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

export const reactionSchema = z.object({
  emoji: z.enum(REACTION_EMOJIS, { message: `emoji must be one of ${REACTION_EMOJIS.join(' ')}` }),
});

export const forwardSchema = z.object({ chatIds: z.array(idSchema).min(1).max(20) });

export const messagePageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    before: idSchema.optional(),
    after: idSchema.optional(),
    around: idSchema.optional(),
    page: z.coerce.number().int().min(1).max(100000).optional(),
  })
  .refine((v) => [v.before, v.after, v.around, v.page].filter((x) => x !== undefined).length <= 1, {
    message: 'use only one of before, after, around, page',
  });
export type MessagePageQuery = z.infer<typeof messagePageQuerySchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  chatId: idSchema.optional(),
  senderId: idSchema.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10000).default(0),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const syncQuerySchema = z.object({ since: z.string().max(200).optional() });
export const recentQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) });

export const settingsSchema = z.object({ soundEnabled: z.boolean().optional(), desktopNotifications: z.boolean().optional() }).strict();

// Socket payloads
export const messageRefSchema = z.object({ messageId: idSchema });
export const typingSchema = z.object({ chatId: idSchema, isTyping: z.boolean().default(true) });
