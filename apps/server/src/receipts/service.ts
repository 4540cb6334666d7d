/**
 * Delivered/read receipts as watermarks (GUIDE: Matrix-style "up to and including"). Marking is
 * one row update however many messages it covers, plus one receipt_events row for message info.
 * A sender's message is DELIVERED/READ once every other current member's watermark reached it.
 */
import { sql } from 'drizzle-orm';
import type { Recipient } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne, type Tx } from '../db/client.js';
import { toIso, type DbTimestamp } from '../db/values.js';
import { forbidden, notFound } from '../http/errors.js';
import { requireReader, visibilityOf } from '../chats/access.js';
import { findVisibleMessage } from '../messages/service.js';
import { userRoom } from '../realtime/rooms.js';
import { receiptBatcherFor } from './batch.js';

export type ReceiptKind = 'DELIVERED' | 'READ';

interface Position {
  user_id: string;
  delivered: number;
  read: number;
}

/** For each member S: the lowest watermark among the other current members (what S's messages reached). */
function watermarkBySender(positions: Position[], key: 'delivered' | 'read', lastSeq: number): (senderId: string) => number {
  const sorted = [...positions].sort((a, b) => a[key] - b[key]);
  const lowest = sorted[0];
  const second = sorted[1];
  return (senderId) => {
    if (!lowest) return lastSeq;
    if (lowest.user_id !== senderId) return lowest[key];
    return second ? second[key] : lastSeq;
  };
}

/**
 * Moves the caller's watermark up to the given message ("up to and including", CONTRACT §6) and
 * tells the senders whose messages thereby became DELIVERED or READ by everyone.
 */
export async function markUpTo(
  ctx: AppContext,
  user: AuthUser,
  target: { messageId: string } | { chatId: string },
  kind: ReceiptKind,
  outsider: 'NOT_FOUND' | 'FORBIDDEN' = 'NOT_FOUND',
): Promise<{ chatId: string; upToSeq: number }> {
  await ctx.rateLimits.consume('receipt', user.id);
  // The common case (a receipt for one message) is group-committed; what it cannot resolve comes here.
  if ('messageId' in target) {
    const batched = await receiptBatcherFor(ctx).submit(user, target.messageId, kind);
    if (batched) return batched;
  }
  const { chatId, seq, messageId } = await resolveTarget(ctx, user.id, target, outsider);
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const before = await queryOne<{ delivered: number; read: number }>(
      tx,
      sql`select last_delivered_seq as delivered, last_read_seq as read from chat_participants
          where chat_id = ${chatId} and user_id = ${user.id} for update`,
    );
    if (!before) throw notFound('Chat');
    const newDelivered = Math.max(before.delivered, seq);
    const newRead = kind === 'READ' ? Math.max(before.read, seq) : before.read;
    const position = kind === 'READ' ? newRead : newDelivered;
    if (newDelivered === before.delivered && newRead === before.read) return { position, changed: null };
    await tx.execute(sql`
      update chat_participants set
        last_delivered_seq = ${newDelivered}, last_read_seq = ${newRead},
        delivered_at = ${newDelivered > before.delivered ? now : sql`delivered_at`},
        read_at = ${newRead > before.read ? now : sql`read_at`},
        change_xid = pg_current_xact_id()
      where chat_id = ${chatId} and user_id = ${user.id}`);
    const events: [ReceiptKind, number][] = [];
    if (newDelivered > before.delivered) events.push(['DELIVERED', newDelivered]);
    if (newRead > before.read) events.push(['READ', newRead]);
    for (const [k, upTo] of events) {
      await tx.execute(
        sql`insert into receipt_events (chat_id, user_id, kind, up_to_seq, at) values (${chatId}, ${user.id}, ${k}, ${upTo}, ${now})`,
      );
    }
    const positions = await query<Position>(
      tx,
      sql`select user_id, last_delivered_seq as delivered, last_read_seq as read from chat_participants
          where chat_id = ${chatId} and left_at is null`,
    );
    const lastSeq = (await queryOne<{ last_seq: number }>(tx, sql`select last_seq from chats where id = ${chatId}`))!.last_seq;
    return { position, changed: { before, positions, lastSeq } };
  });
  if (outcome.changed) await notifySenders(ctx, ctx.db, chatId, messageId, user.id, outcome.changed, now);
  return { chatId, upToSeq: outcome.position };
}

async function resolveTarget(
  ctx: AppContext,
  userId: string,
  target: { messageId: string } | { chatId: string },
  outsider: 'NOT_FOUND' | 'FORBIDDEN',
) {
  try {
    if ('messageId' in target) {
      const { row } = await findVisibleMessage(ctx, userId, target.messageId);
      return { chatId: row.chat_id, seq: row.seq, messageId: row.id };
    }
    const membership = await requireReader(ctx.db, target.chatId, userId);
    const hi = Math.min(visibilityOf(membership).hi, membership.lastSeq);
    const last = await queryOne<{ id: string }>(ctx.db, sql`select id from messages where chat_id = ${target.chatId} and seq = ${hi}`);
    return { chatId: target.chatId, seq: hi, messageId: last?.id ?? '' };
  } catch (error) {
    if (outsider === 'FORBIDDEN') throw forbidden('You are not a participant in this chat');
    throw error;
  }
}

async function notifySenders(
  ctx: AppContext,
  tx: Tx,
  chatId: string,
  messageId: string,
  readerId: string,
  outcome: { before: { delivered: number; read: number }; positions: Position[]; lastSeq: number },
  at: Date,
): Promise<void> {
  const after = outcome.positions;
  const before = after.map((p) => (p.user_id === readerId ? { ...p, ...outcome.before } : p));
  for (const key of ['delivered', 'read'] as const) {
    const wmAfter = watermarkBySender(after, key, outcome.lastSeq);
    const wmBefore = watermarkBySender(before, key, outcome.lastSeq);
    const candidates = after.map((p) => p.user_id).filter((id) => id !== readerId && wmAfter(id) > wmBefore(id));
    if (candidates.length === 0) continue;
    // Only senders who actually have messages in the newly covered range hear about it.
    const lo = Math.min(...candidates.map(wmBefore));
    const hi = Math.max(...candidates.map(wmAfter));
    const senders = await query<{ sender_id: string }>(
      tx,
      sql`select distinct sender_id from messages where chat_id = ${chatId} and seq > ${lo} and seq <= ${hi}
          and message_type <> 'SYSTEM' and sender_id = any(${sql.param(candidates)}::text[])`,
    );
    for (const { sender_id } of senders) {
      if (wmAfter(sender_id) <= wmBefore(sender_id)) continue;
      ctx.io.to(userRoom(sender_id)).emit('messageStatusUpdated', {
        chatId,
        messageId,
        status: key === 'read' ? 'READ' : 'DELIVERED',
        upToSeq: wmAfter(sender_id),
        userId: readerId,
        at: at.toISOString(),
      });
    }
  }
}

/** Message info (sender only): per recipient, when the message was delivered to and read by them. */
export async function messageInfo(ctx: AppContext, user: AuthUser, messageId: string): Promise<Recipient[]> {
  const { row } = await findVisibleMessage(ctx, user.id, messageId);
  if (row.sender_id !== user.id || row.message_type === 'SYSTEM') throw forbidden('Only the sender can see message info');
  const rows = await query<{ user_id: string; name: string; delivered_at: DbTimestamp | null; read_at: DbTimestamp | null }>(
    ctx.db,
    sql`select p.user_id, u.name,
          (select min(e.at) from receipt_events e where e.chat_id = p.chat_id and e.user_id = p.user_id and e.up_to_seq >= ${row.seq}) as delivered_at,
          (select min(e.at) from receipt_events e where e.chat_id = p.chat_id and e.user_id = p.user_id and e.kind = 'READ' and e.up_to_seq >= ${row.seq}) as read_at
        from chat_participants p join users u on u.id = p.user_id
        where p.chat_id = ${row.chat_id} and p.user_id <> ${user.id}
          and p.joined_seq < ${row.seq} and (p.left_seq is null or p.left_seq >= ${row.seq})
        order by u.name`,
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, deliveredAt: toIso(r.delivered_at), readAt: toIso(r.read_at) }));
}
