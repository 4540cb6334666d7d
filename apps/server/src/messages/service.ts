/** Sending and reading messages: one core for the REST routes and the socket handlers. */
import { sql } from 'drizzle-orm';
import type { Message, MessagePageQuery, Pagination, SendMessageInput, UploadKind } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { queryOne, type Tx } from '../db/client.js';
import { invalid, isUniqueViolation, notFound, outsider } from '../http/errors.js';
import { findMembership, requireMember, requireReader, type Membership } from '../chats/access.js';
import { MAX_SEQ, visibilityOf, visibleTo } from '../chats/visibility.js';
import { unreadBy } from '../chats/unread.js';
import { emitChatUpdated, emitNewMessage } from '../realtime/emit.js';
import { insertMessage, lockChatForWrite, unhideChatForAll } from './store.js';
import { presentMessage, selectMessages, selectMessagesByIds, type MessageRecord } from './queries.js';
import { watermarksFor } from '../receipts/watermarks.js';
import { findMentions } from './mentions.js';
import { isBatchable } from './send-batch.js';
import { asSeenAt } from './frozen-view.js';

export interface SendResult {
  message: Message;
  created: boolean;
}

async function findByClientId(ctx: AppContext, senderId: string, clientId: string): Promise<MessageRecord | undefined> {
  // visibility: the sender's own message (a retry of the same clientId).
  const [row] = await selectMessages(ctx.db, sql`m.sender_id = ${senderId} and m.client_id = ${clientId}`);
  return row;
}

/**
 * Sends a message. A retry with the same `clientId` returns the first message and creates nothing
 * (CONTRACT §6). The answer is given only after commit; live pushes follow the commit.
 */
export async function sendMessage(ctx: AppContext, sender: AuthUser, input: SendMessageInput): Promise<SendResult> {
  if (isBatchable(input)) {
    // Group commit (send-batch.ts): no per-message clientId look-up; the batch skips known
    // clientIds and leaves them (and outsiders) to the single path below, which answers exactly.
    try {
      await ctx.rateLimits.consume('message', sender.id);
    } catch (error) {
      const existing = input.clientId ? await findByClientId(ctx, sender.id, input.clientId) : undefined;
      if (existing) return { message: presentMessage(existing, sender.id, null), created: false };
      throw error;
    }
    const record = await ctx.sendBatcher.submit(sender, input, ctx.clock.now());
    if (record) return { message: presentMessage(record, sender.id, null), created: true };
    return sendOne(ctx, sender, input, true);
  }
  return sendOne(ctx, sender, input, false);
}

/** The single path: one transaction per message, for everything the batch does not take. */
async function sendOne(ctx: AppContext, sender: AuthUser, input: SendMessageInput, isRateCounted: boolean): Promise<SendResult> {
  if (input.clientId) {
    const existing = await findByClientId(ctx, sender.id, input.clientId);
    if (existing) return { message: presentMessage(existing, sender.id, null), created: false };
  }
  if (!isRateCounted) await ctx.rateLimits.consume('message', sender.id);
  let record: MessageRecord;
  let unhidden: string[];
  try {
    ({ record, unhidden } = await ctx.db.transaction(async (tx) => {
      await lockChatForWrite(tx, input.chatId);
      const membership = await requireMember(tx, input.chatId, sender.id);
      const fields = await resolveMessageFields(tx, membership, sender.id, input);
      const { id } = await insertMessage(tx, { ...fields, chatId: input.chatId, senderId: sender.id, createdAt: ctx.clock.now() });
      const unhidden = await unhideChatForAll(tx, input.chatId);
      // visibility: the message just written by its sender.
      const [record] = await selectMessagesByIds(tx, [id]);
      return { record: record!, unhidden };
    }));
  } catch (error) {
    if (input.clientId && isUniqueViolation(error, 'messages_sender_client_id_key')) {
      const existing = await findByClientId(ctx, sender.id, input.clientId);
      if (existing) return { message: presentMessage(existing, sender.id, null), created: false };
    }
    throw error;
  }
  emitNewMessage(ctx, record);
  if (unhidden.length) void emitChatUpdated(ctx, input.chatId, unhidden).catch((e) => ctx.logger.warn({ err: e }, 'chatUpdated failed'));
  return { message: presentMessage(record, sender.id, null), created: true };
}

async function resolveMessageFields(tx: Tx, membership: Membership, senderId: string, input: SendMessageInput) {
  const content = input.content?.trim() ? input.content : null;
  let messageType: 'TEXT' | UploadKind = 'TEXT';
  let attachmentId: string | null = null;
  if (input.attachmentId) {
    // visibility: whether the sender's own upload belongs to this chat (an upload or a forwarded copy).
    const attachment = await queryOne<{ id: string; kind: UploadKind }>(
      tx,
      sql`select id, kind from attachments
          where id = ${input.attachmentId} and uploader_id = ${senderId} and erased_at is null
            and (chat_id = ${input.chatId}
                 or exists (select 1 from messages f where f.attachment_id = attachments.id and f.chat_id = ${input.chatId}))`,
    );
    if (!attachment) throw invalid('attachmentId: no such upload of yours in this chat');
    messageType = attachment.kind;
    attachmentId = attachment.id;
    await tx.execute(sql`update attachments set sent_at = coalesce(sent_at, now()) where id = ${attachment.id}`);
    if (input.messageType && input.messageType !== 'TEXT' && input.messageType !== messageType) {
      throw invalid(`messageType: the attachment is ${{ IMAGE: 'an image', FILE: 'a document', AUDIO: 'a voice message' }[messageType]}`);
    }
  } else if (input.messageType && input.messageType !== 'TEXT') {
    throw invalid('attachmentId: an IMAGE, FILE or AUDIO message needs an uploaded attachment');
  }
  if (input.replyToId) {
    const visibility = visibilityOf(membership);
    const target = await queryOne<{ id: string }>(
      tx,
      sql`select m.id from messages m where m.id = ${input.replyToId} and ${visibleTo(visibility)}`,
    );
    if (!target) throw invalid('replyToId: no such message in this chat');
  }
  const mentions = content ? await findMentions(tx, input.chatId, senderId, content) : [];
  return {
    messageType,
    content,
    attachmentId,
    replyToId: input.replyToId ?? null,
    clientId: input.clientId ?? null,
    context: input.context ?? null,
    mentions,
  };
}

/** History pages: newest first by default, `before`/`after`/`around` cursors, or `page` (1 = newest). */
export async function listMessages(
  ctx: AppContext,
  viewer: AuthUser,
  chatId: string,
  q: MessagePageQuery,
): Promise<{ messages: Message[]; pagination: Pagination }> {
  const membership = await requireReader(ctx.db, chatId, viewer.id);
  const visible = visibleTo(visibilityOf(membership));
  const marks = await watermarksFor(ctx.db, viewer.id, chatId);
  // The membership is at hand: only a former member's page needs the view frozen at their removal.
  const present = async (rows: MessageRecord[]) =>
    (membership.leftAt === null ? rows : await asSeenAt(ctx.db, viewer.id, membership.leftAt, rows)).map((r) =>
      presentMessage(r, viewer.id, marks),
    );
  const limit = q.limit;

  const cursorSeq = async (id: string) => {
    const row = await queryOne<{ seq: number }>(ctx.db, sql`select m.seq from messages m where m.id = ${id} and ${visible}`);
    if (!row) throw notFound('Message');
    return row.seq;
  };
  const olderThan = (seq: number, n: number) =>
    selectMessages(ctx.db, sql`${visible} and m.seq < ${seq}`, sql`order by m.seq desc limit ${n}`);
  const newerThan = (seq: number, n: number) =>
    selectMessages(ctx.db, sql`${visible} and m.seq > ${seq}`, sql`order by m.seq asc limit ${n}`);

  if (q.after) {
    const rows = await newerThan(await cursorSeq(q.after), limit + 1);
    return { messages: await present(rows.slice(0, limit)), pagination: { limit, hasMore: true, hasNewer: rows.length > limit } };
  }
  const firstUnreadSeq = async () => {
    const reader = { userId: viewer.id, lastReadSeq: membership.lastReadSeq };
    const row = await queryOne<{ seq: number | null }>(
      ctx.db,
      sql`select min(m.seq) as seq from messages m where ${visible} and ${unreadBy(reader)}`,
    );
    return row?.seq ?? null;
  };
  const pageAround = async (seq: number) => {
    const olderCount = Math.floor((limit - 1) / 2);
    // older includes the target itself (seq < seq + 1); newer fills what older cannot (near the start of a chat), with one to spare
    const [older, newer] = await Promise.all([olderThan(seq + 1, olderCount + 2), newerThan(seq, limit)]);
    const olderPage = older.slice(0, olderCount + 1).reverse();
    const newerPage = newer.slice(0, limit - olderPage.length);
    return {
      messages: await present([...olderPage, ...newerPage]),
      pagination: { limit, hasMore: older.length > olderCount + 1, hasNewer: newer.length > newerPage.length },
    };
  };
  if (q.around) return pageAround(await cursorSeq(q.around));
  if (q.unread) {
    // Opening a chat at the first unread message: the "N unread" divider and what follows it, not the newest page.
    const seq = await firstUnreadSeq();
    if (seq !== null) {
      const page = await pageAround(seq);
      const first = page.messages.find((m) => m.seq === seq);
      return { ...page, pagination: { ...page.pagination, firstUnreadId: first?.id ?? null } };
    }
  }
  if (q.page) {
    const total = (await queryOne<{ n: number }>(ctx.db, sql`select count(*)::int as n from messages m where ${visible}`))!.n;
    const rows = await selectMessages(ctx.db, visible, sql`order by m.seq desc limit ${limit} offset ${(q.page - 1) * limit}`);
    return {
      messages: await present(rows.reverse()),
      pagination: { limit, page: q.page, total, hasMore: q.page * limit < total, hasNewer: q.page > 1 },
    };
  }
  const beforeSeq = q.before ? await cursorSeq(q.before) : MAX_SEQ;
  const rows = await olderThan(beforeSeq, limit + 1);
  return {
    messages: await present(rows.slice(0, limit).reverse()),
    pagination: { limit, hasMore: rows.length > limit, hasNewer: q.before !== undefined, ...(q.unread && { firstUnreadId: null }) },
  };
}

/** One message the viewer may see; otherwise they are an outsider to it (also for chats they are not in). */
export async function findVisibleMessage(ctx: AppContext, viewerId: string, messageId: string, tx: Tx = ctx.db) {
  // visibility: only the chat, to load the viewer's membership; the message itself is read under the rule below.
  const ref = await queryOne<{ chat_id: string }>(tx, sql`select chat_id from messages where id = ${messageId}`);
  if (!ref) throw outsider('Message');
  const membership = await findMembership(tx, ref.chat_id, viewerId);
  if (!membership) throw outsider('Message');
  const [row] = await selectMessages(tx, sql`m.id = ${messageId} and ${visibleTo(visibilityOf(membership))}`);
  if (!row) throw outsider('Message');
  return { row, membership };
}
