/**
 * Cheap receipts: `messageDelivered` / `messageRead` by message id are group-committed like sends.
 * Receipts arriving while a write is in flight queue up; the next write resolves every target
 * (visibility included), moves each member's watermarks to the highest target per chat, and logs
 * receipt_events — one statement, one transaction, rows locked in (chat, user) order. Then one
 * query finds the senders whose messages thereby became DELIVERED/READ by everyone.
 * Targets the batch cannot resolve (not visible, not a member) go through markUpTo's single path,
 * which answers with the precise error.
 */
import type { AppContext, AuthUser } from '../context.js';
import type { PreparedStatement } from '../db/client.js';
import { createGroupCommit, type GroupCommitStats } from '../db/group-commit.js';
import { emitMessageStatus } from '../realtime/emit.js';
import { visibleToParticipantSql } from '../chats/visibility.js';
import type { ReceiptKind } from './service.js';

const MAX_BATCH = 2048;

interface Pending {
  user: AuthUser;
  messageId: string;
  kind: ReceiptKind;
  resolve(result: { chatId: string; upToSeq: number } | null): void;
}

interface Row {
  /** t: a resolved target (ord, seq) · l: a locked watermark before the batch · m: a watermark moved */
  kind: 't' | 'l' | 'm';
  ord: number | null;
  chatId: string;
  userId: string;
  seq: number | null;
  oldDelivered: number | null;
  oldRead: number | null;
  newDelivered: number | null;
  newRead: number | null;
}

/** A member's watermarks before and after a write (a batch, or the single path's one). */
export interface MovedWatermark {
  chatId: string;
  userId: string;
  oldDelivered: number;
  oldRead: number;
  newDelivered: number;
  newRead: number;
}

export interface ReceiptBatcher {
  submit(user: AuthUser, messageId: string, kind: ReceiptKind): Promise<{ chatId: string; upToSeq: number } | null>;
  stats(): GroupCommitStats;
}

/** One batcher per app (per process in production), built by createApp. */
export function createReceiptBatcher(ctx: AppContext, lingerMs = 0): ReceiptBatcher {
  const commits = createGroupCommit<Pending>({
    maxBatch: MAX_BATCH,
    lingerMs,
    write: (batch) => write(ctx, batch),
    onError: (error) => ctx.logger.warn({ err: error }, 'batched receipts failed; falling back to single marks'),
  });
  return {
    submit(user, messageId, kind) {
      return new Promise((resolve) => commits.enqueue({ user, messageId, kind, resolve }));
    },
    stats: commits.stats,
  };
}

/**
 * Every join is a row against an index, never a CTE against a CTE (a CTE is estimated at one row,
 * so two would be compared pairwise). Membership and hides are probed per target with both key
 * columns (a lateral subquery; OFFSET 0 keeps it from being flattened into a join that could
 * probe by chat or by user alone).
 */
export const RECEIPT_BATCH: PreparedStatement = {
  name: 'receipt_batch',
  text: `
    with input as (
      select * from unnest($1::text[], $2::uuid[], $3::bool[], $4::int[]) as t(user_id, message_id, is_read, ord)
    ),
    targets as (
      select i.ord, i.user_id, i.is_read, m.chat_id, m.seq
      from input i
      join messages m on m.id = i.message_id
      cross join lateral (
        select p.chat_id, p.user_id, p.joined_seq, p.cleared_seq, p.left_seq from chat_participants p
        where p.chat_id = m.chat_id and p.user_id = i.user_id offset 0
      ) p
      where ${visibleToParticipantSql('m', 'p', { probeHides: true })}
    ),
    wanted as (
      select chat_id, user_id, max(seq) as delivered_to, max(case when is_read then seq end) as read_to
      from targets group by chat_id, user_id
    ),
    locked as (
      select w.chat_id, w.user_id, w.delivered_to, w.read_to, p.last_delivered_seq as old_delivered, p.last_read_seq as old_read
      from wanted w join chat_participants p on p.chat_id = w.chat_id and p.user_id = w.user_id
      order by w.chat_id, w.user_id for no key update of p
    ),
    moved as (
      update chat_participants p set
        last_delivered_seq = greatest(l.old_delivered, l.delivered_to),
        last_read_seq = greatest(l.old_read, coalesce(l.read_to, 0)),
        delivered_at = case when l.delivered_to > l.old_delivered then $5::timestamptz else p.delivered_at end,
        read_at = case when coalesce(l.read_to, 0) > l.old_read then $5::timestamptz else p.read_at end,
        change_xid = pg_current_xact_id()
      from locked l
      where p.chat_id = l.chat_id and p.user_id = l.user_id and (l.delivered_to > l.old_delivered or coalesce(l.read_to, 0) > l.old_read)
      returning p.chat_id, p.user_id, l.old_delivered, l.old_read, p.last_delivered_seq as new_delivered, p.last_read_seq as new_read
    ),
    events as (
      insert into receipt_events (chat_id, user_id, kind, up_to_seq, at)
      select chat_id, user_id, 'DELIVERED', new_delivered, $5::timestamptz from moved where new_delivered > old_delivered
      union all
      select chat_id, user_id, 'READ', new_read, $5::timestamptz from moved where new_read > old_read
    )
    select 't' as kind, ord, chat_id as "chatId", user_id as "userId", seq,
      null::int as "oldDelivered", null::int as "oldRead", null::int as "newDelivered", null::int as "newRead" from targets
    union all
    select 'l', null, chat_id, user_id, null, old_delivered, old_read, null, null from locked
    union all
    select 'm', null, chat_id, user_id, null, old_delivered, old_read, new_delivered, new_read from moved`,
};

async function write(ctx: AppContext, batch: Pending[]): Promise<void> {
  const now = ctx.clock.now();
  const rows = await ctx.runPrepared<Row>(RECEIPT_BATCH, [
    batch.map((p) => p.user.id),
    batch.map((p) => p.messageId),
    batch.map((p) => p.kind === 'READ'),
    batch.map((_, i) => i),
    now.toISOString(),
  ]);
  const targets = new Map<number, Row>();
  const moved: MovedWatermark[] = [];
  // Watermarks after this batch, per (chat, user): what each ack reports.
  const position = new Map<string, { delivered: number; read: number }>();
  const key = (chatId: string, userId: string) => `${chatId}|${userId}`;
  for (const row of rows) {
    if (row.kind === 't') targets.set(Number(row.ord), row);
    else if (row.kind === 'm') moved.push(toMoved(row));
  }
  for (const row of rows)
    if (row.kind === 'l') position.set(key(row.chatId, row.userId), { delivered: Number(row.oldDelivered), read: Number(row.oldRead) });
  for (const m of moved) position.set(key(m.chatId, m.userId), { delivered: m.newDelivered, read: m.newRead });
  // The message each reader's newest target was: named in messageStatusUpdated.
  const newest = new Map<string, { seq: number; messageId: string }>();
  batch.forEach((p, i) => {
    const t = targets.get(i);
    const k = t && key(t.chatId, t.userId);
    if (t && k && Number(t.seq) >= (newest.get(k)?.seq ?? -1)) newest.set(k, { seq: Number(t.seq), messageId: p.messageId });
  });
  if (moved.length)
    await notifySenders(ctx, moved, now, (chatId, userId) => newest.get(key(chatId, userId))?.messageId ?? '').catch((e) =>
      ctx.logger.warn({ err: e }, 'receipt notification failed'),
    );
  batch.forEach((p, i) => {
    const t = targets.get(i);
    const pos = t && position.get(key(t.chatId, t.userId));
    // Unresolved, or its membership vanished mid-batch (chat deleted): the single path answers.
    if (!t || !pos) return p.resolve(null);
    p.resolve({ chatId: t.chatId, upToSeq: p.kind === 'READ' ? pos.read : pos.delivered });
  });
}

const toMoved = (row: Row): MovedWatermark => ({
  chatId: row.chatId,
  userId: row.userId,
  oldDelivered: Number(row.oldDelivered),
  oldRead: Number(row.oldRead),
  newDelivered: Number(row.newDelivered),
  newRead: Number(row.newRead),
});

/** The lowest and second-lowest watermark of a chat: "lowest among the others" for any member in O(1). */
function lowestTwo(values: { userId: string; value: number }[]) {
  let first = { userId: '', value: Infinity };
  let second = Infinity;
  for (const v of values) {
    if (v.value < first.value) {
      second = first.value;
      first = v;
    } else if (v.value < second) second = v.value;
  }
  return (memberId: string, fallback: number) => {
    const low = first.userId === memberId ? second : first.value;
    return low === Infinity ? fallback : low;
  };
}

export const MEMBER_POSITIONS: PreparedStatement = {
  name: 'receipt_member_positions',
  text: `
    select p.chat_id as "chatId", p.user_id as "userId", p.last_delivered_seq as delivered, p.last_read_seq as read, c.last_seq as "lastSeq"
    from chat_participants p join chats c on c.id = p.chat_id
    where p.chat_id = any($1::uuid[]) and p.left_at is null`,
};

/**
 * Which notices name a sender with messages in the newly covered range: one probe on (chat_id, seq)
 * each, stopping at the first (ordered by seq, so no other index of messages can serve it).
 */
export const SENDERS_WITH_MESSAGES: PreparedStatement = {
  name: 'receipt_senders_with_messages',
  // visibility: whether a sender has messages of their own in the range (told to that sender only).
  text: `
    select n.i from unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::int[]) as n(chat_id, sender_id, lo, hi, i)
    cross join lateral (
      select 1 from messages m
      where m.chat_id = n.chat_id and m.seq > n.lo and m.seq <= n.hi and m.sender_id = n.sender_id and m.message_type <> 'SYSTEM'
      order by m.seq limit 1
    ) found`,
};

/**
 * For each chat a watermark moved in: the lowest watermark among the other current members is
 * what a member's messages reached. Comparing that before and after the write (per chat, linear in
 * its members, however many receipts moved) finds the members whose messages advanced; those with
 * messages in the newly covered range hear of it. The one algorithm for batches and single marks.
 */
export async function notifySenders(
  ctx: AppContext,
  moved: MovedWatermark[],
  at: Date,
  messageIdOf: (chatId: string, readerId: string) => string,
): Promise<void> {
  const chatIds = [...new Set(moved.map((m) => m.chatId))];
  const positions = await ctx.runPrepared<{ chatId: string; userId: string; delivered: number; read: number; lastSeq: number }>(
    MEMBER_POSITIONS,
    [chatIds],
  );
  const membersByChat = new Map<string, typeof positions>();
  for (const p of positions) {
    const list = membersByChat.get(p.chatId);
    if (list) list.push(p);
    else membersByChat.set(p.chatId, [p]);
  }
  const movedByChat = new Map<string, Map<string, MovedWatermark>>();
  for (const m of moved) movedByChat.set(m.chatId, (movedByChat.get(m.chatId) ?? new Map()).set(m.userId, m));

  const notices: { chatId: string; senderId: string; readerId: string; status: 'DELIVERED' | 'READ'; lo: number; hi: number }[] = [];
  for (const [chatId, movers] of movedByChat) {
    const members = membersByChat.get(chatId) ?? [];
    const lastSeq = Number(members[0]?.lastSeq ?? 0);
    for (const [current, old, status] of [
      ['delivered', 'oldDelivered', 'DELIVERED'],
      ['read', 'oldRead', 'READ'],
    ] as const) {
      const after = lowestTwo(members.map((p) => ({ userId: p.userId, value: Number(p[current]) })));
      const before = lowestTwo(
        members.map((p) => {
          const mover = movers.get(p.userId);
          return { userId: p.userId, value: mover ? mover[old] : Number(p[current]) };
        }),
      );
      const behind = [...movers.values()].sort((a, b) => a[old] - b[old]);
      for (const p of members) {
        const lo = before(p.userId, lastSeq);
        const hi = after(p.userId, lastSeq);
        if (hi <= lo) continue;
        // Name the reader who was furthest behind: the one whose receipt let the messages through.
        const readerId = (behind[0]?.userId === p.userId ? behind[1] : behind[0])?.userId;
        if (readerId) notices.push({ chatId, senderId: p.userId, readerId, status, lo, hi });
      }
    }
  }
  if (notices.length === 0) return;
  // Only senders who have messages in the newly covered range hear about it (one query for all).
  const has = await ctx.runPrepared<{ i: number }>(SENDERS_WITH_MESSAGES, [
    notices.map((n) => n.chatId),
    notices.map((n) => n.senderId),
    notices.map((n) => n.lo),
    notices.map((n) => n.hi),
    notices.map((_, i) => i),
  ]);
  for (const { i } of has) {
    const n = notices[Number(i)]!;
    emitMessageStatus(ctx, n.senderId, {
      chatId: n.chatId,
      messageId: messageIdOf(n.chatId, n.readerId),
      status: n.status,
      upToSeq: n.hi,
      userId: n.readerId,
      at: at.toISOString(),
    });
  }
}
