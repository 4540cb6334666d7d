/**
 * Delivered/read receipts as watermarks (GUIDE: Matrix-style "up to and including"). Marking is
 * one row update however many messages it covers, plus one receipt_events row for message info.
 * A sender's message is DELIVERED/READ once every other current member's watermark reached it.
 */
import { sql } from 'drizzle-orm';
import type { Recipient } from '@samvad/protocol';
import { userAvatarUrlSql } from '../avatars/urls.js';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne } from '../db/client.js';
import { toIso, type DbTimestamp } from '../db/values.js';
import { forbidden, notFound } from '../http/errors.js';
import { requireReader } from '../chats/access.js';
import { visibilityOf, wasMemberAt } from '../chats/visibility.js';
import { findVisibleMessage } from '../messages/service.js';
import { notifySenders, type MovedWatermark } from './batch.js';

export type ReceiptKind = 'DELIVERED' | 'READ';

/**
 * Moves the caller's watermark up to the given message ("up to and including", CONTRACT §6) and
 * tells the senders whose messages thereby became DELIVERED or READ by everyone.
 */
export async function markUpTo(
  ctx: AppContext,
  user: AuthUser,
  target: { messageId: string } | { chatId: string },
  kind: ReceiptKind,
): Promise<{ chatId: string; upToSeq: number }> {
  await ctx.rateLimits.consume('receipt', user.id);
  // The common case (a receipt for one message) is group-committed; what it cannot resolve comes here.
  if ('messageId' in target) {
    const batched = await ctx.receiptBatcher.submit(user, target.messageId, kind);
    if (batched) return batched;
  }
  const { chatId, seq, messageId } = await resolveTarget(ctx, user.id, target);
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const before = await queryOne<{ delivered: number; read: number }>(
      tx,
      sql`select last_delivered_seq as delivered, last_read_seq as read from chat_participants
          where chat_id = ${chatId} and user_id = ${user.id} for update`,
    );
    if (!before) throw notFound('Chat');
    const moved: MovedWatermark = {
      chatId,
      userId: user.id,
      oldDelivered: before.delivered,
      oldRead: before.read,
      newDelivered: Math.max(before.delivered, seq),
      newRead: kind === 'READ' ? Math.max(before.read, seq) : before.read,
    };
    const position = kind === 'READ' ? moved.newRead : moved.newDelivered;
    if (moved.newDelivered === before.delivered && moved.newRead === before.read) return { position, moved: null };
    await tx.execute(sql`
      update chat_participants set
        last_delivered_seq = ${moved.newDelivered}, last_read_seq = ${moved.newRead},
        delivered_at = ${moved.newDelivered > before.delivered ? now : sql`delivered_at`},
        read_at = ${moved.newRead > before.read ? now : sql`read_at`},
        change_xid = pg_current_xact_id()
      where chat_id = ${chatId} and user_id = ${user.id}`);
    const events: [ReceiptKind, number][] = [];
    if (moved.newDelivered > before.delivered) events.push(['DELIVERED', moved.newDelivered]);
    if (moved.newRead > before.read) events.push(['READ', moved.newRead]);
    for (const [k, upTo] of events) {
      await tx.execute(
        sql`insert into receipt_events (chat_id, user_id, kind, up_to_seq, at) values (${chatId}, ${user.id}, ${k}, ${upTo}, ${now})`,
      );
    }
    return { position, moved };
  });
  // The batch's notifier with a batch of one: one algorithm decides what reached everyone.
  if (outcome.moved) await notifySenders(ctx, [outcome.moved], now, () => messageId);
  return { chatId, upToSeq: outcome.position };
}

async function resolveTarget(ctx: AppContext, userId: string, target: { messageId: string } | { chatId: string }) {
  if ('messageId' in target) {
    const { row } = await findVisibleMessage(ctx, userId, target.messageId);
    return { chatId: row.chat_id, seq: row.seq, messageId: row.id };
  }
  const membership = await requireReader(ctx.db, target.chatId, userId);
  const hi = Math.min(visibilityOf(membership).hi, membership.lastSeq);
  // visibility: only the id of the message at the reader's new watermark, named to its senders.
  const last = await queryOne<{ id: string }>(ctx.db, sql`select id from messages where chat_id = ${target.chatId} and seq = ${hi}`);
  return { chatId: target.chatId, seq: hi, messageId: last?.id ?? '' };
}

/** Message info (sender only): per recipient, when the message was delivered to and read by them. */
export async function messageInfo(ctx: AppContext, user: AuthUser, messageId: string): Promise<Recipient[]> {
  const { row } = await findVisibleMessage(ctx, user.id, messageId);
  if (row.sender_id !== user.id || row.message_type === 'SYSTEM') throw forbidden('Only the sender can see message info');
  const rows = await query<{
    user_id: string;
    name: string;
    avatar_url: string | null;
    delivered_at: DbTimestamp | null;
    read_at: DbTimestamp | null;
  }>(
    ctx.db,
    sql`select p.user_id, u.name, ${sql.raw(userAvatarUrlSql('u'))} as avatar_url,
          (select min(e.at) from receipt_events e where e.chat_id = p.chat_id and e.user_id = p.user_id and e.up_to_seq >= ${row.seq}) as delivered_at,
          (select min(e.at) from receipt_events e where e.chat_id = p.chat_id and e.user_id = p.user_id and e.kind = 'READ' and e.up_to_seq >= ${row.seq}) as read_at
        from chat_participants p join users u on u.id = p.user_id
        where p.chat_id = ${row.chat_id} and p.user_id <> ${user.id}
          and ${wasMemberAt('p', sql`${row.seq}`)}
        order by u.name`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    avatarUrl: r.avatar_url,
    deliveredAt: toIso(r.delivered_at),
    readAt: toIso(r.read_at),
  }));
}
