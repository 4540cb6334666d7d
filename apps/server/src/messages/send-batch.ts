/**
 * Group commit for the common send: plain text (no attachment, reply or @mention). Sends that
 * arrive while a write is in flight queue up, and the next write commits all of them in ONE
 * statement (one round trip, one transaction, one WAL flush) instead of ~8 round trips each.
 *
 * The guarantees of the single path hold:
 * - membership is checked in the statement, on the membership row as locked (a removal that
 *   commits meanwhile is seen);
 * - seqs stay gap-free and per-chat ordered: the chats rows are locked in id order (no deadlock
 *   between processes), bumped by the number of accepted messages, and the messages numbered
 *   base+1..base+n in arrival order;
 * - `clientId` idempotency: a clientId already stored is left out of the batch, a duplicate inside
 *   the batch rides on the first, and a race with another process (unique violation) fails the
 *   statement — then every message of that batch goes through the single path;
 * - the ack (resolve) comes after the commit, and `newMessage` goes out before it, in seq order.
 * Anything the batch leaves out (not a member, clientId already used) is sent through the single
 * path, which answers exactly as before.
 */
import crypto from 'node:crypto';
import type { SendMessageInput } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import type { PreparedStatement } from '../db/client.js';
import { createGroupCommit, type GroupCommitStats } from '../db/group-commit.js';
import { emitChatUpdated, emitNewMessage } from '../realtime/emit.js';
import type { MessageRecord } from './queries.js';
import { userAvatarUrlSql } from '../avatars/urls.js';

const MAX_BATCH = 1024;

export interface Pending {
  sender: AuthUser;
  input: SendMessageInput;
  createdAt: Date;
  resolve(record: MessageRecord | null): void;
  reject(error: unknown): void;
}

/** Whether a send can take the batched path; the rest take the single path. */
export function isBatchable(input: SendMessageInput): boolean {
  return (
    !input.attachmentId &&
    !input.replyToId &&
    (input.messageType === undefined || input.messageType === 'TEXT') &&
    typeof input.content === 'string' &&
    input.content.trim().length > 0 &&
    !input.content.includes('@')
  );
}

interface Row {
  kind: 'm' | 'u';
  id: string | null;
  chat_id: string;
  seq: number | null;
  change_xid: string | null;
  user_id: string | null;
  sender_name: string | null;
  sender_avatar: string | null;
}

export interface SendBatcher {
  /** Resolves with the committed record, or null when the single path must answer instead. */
  submit(sender: AuthUser, input: SendMessageInput, createdAt: Date): Promise<MessageRecord | null>;
  stats(): GroupCommitStats;
}

/** One batcher per app (per process in production), built by createApp. */
export function createSendBatcher(ctx: AppContext, lingerMs = 0): SendBatcher {
  const commits = createGroupCommit<Pending>({
    maxBatch: MAX_BATCH,
    lingerMs,
    write: (batch) => write(ctx, batch),
    // Unique violation from a concurrent retry elsewhere, deadlock, lost connection: let each
    // message take the single path, which answers precisely.
    onError: (error) => ctx.logger.warn({ err: error }, 'batched send failed; falling back to single sends'),
  });
  // Attempts not yet answered, by (sender, clientId). A retry sent meanwhile gets its first
  // attempt's answer: sent on its own, it would race that attempt's batch and fail it on the
  // unique key. A map look-up per send, however long the queue.
  const unanswered = new Map<string, Promise<MessageRecord | null>>();
  return {
    submit(sender, input, createdAt) {
      const key = input.clientId ? `${sender.id} ${input.clientId}` : undefined;
      const earlier = key && unanswered.get(key);
      if (earlier) return earlier;
      const attempt = new Promise<MessageRecord | null>((resolve, reject) =>
        commits.enqueue({ sender, input, createdAt, resolve, reject }),
      );
      if (key) {
        unanswered.set(key, attempt);
        attempt.then(
          () => unanswered.delete(key),
          () => unanswered.delete(key),
        );
      }
      return attempt;
    },
    stats: commits.stats,
  };
}

/**
 * Every join is a row of input against an index, never a CTE against a CTE (a CTE is estimated
 * at one row, so two would be compared pairwise); the prepared connections keep the joins in the
 * written order, so the membership look-up uses both (chat, user) columns.
 */
export const SEND_BATCH: PreparedStatement = {
  name: 'send_batch',
  // visibility: reads only the senders' own rows (clientId idempotency); membership is checked below.
  text: `
    with input as (
      select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::int[])
        as t(id, chat_id, sender_id, client_id, content, context, created_at, ord)
    ),
    accepted as (
      select i.* from input i
      where not exists (select 1 from messages x where x.sender_id = i.sender_id and x.client_id = i.client_id)
    ),
    -- Each message joins its sender's membership and its chat row. The chat row is locked in chat
    -- id order; the membership row is share-locked, so a removal committing while this waits is
    -- seen (the row is re-checked) and the removed member's message is left out. Membership rows
    -- are locked in (chat, user) order, as receipts lock them: no deadlock.
    locked as (
      select a.*, c.last_seq as base
      from accepted a
      join chat_participants p on p.chat_id = a.chat_id and p.user_id = a.sender_id and p.left_at is null
      join chats c on c.id = a.chat_id
      order by c.id, a.sender_id
      for no key update of c for share of p
    ),
    counts as (select chat_id, count(*)::int as n, max(created_at) as at, min(base) as base from locked group by chat_id),
    bumped as (
      update chats c set last_seq = k.base + k.n, updated_at = greatest(c.updated_at, k.at), change_xid = pg_current_xact_id()
      from counts k where c.id = k.chat_id
    ),
    numbered as (
      select l.*, (l.base + row_number() over (partition by l.chat_id order by l.ord))::int as seq from locked l
    ),
    ins as (
      insert into messages (id, chat_id, seq, sender_id, client_id, message_type, content, context, created_at)
      select id, chat_id, seq, sender_id, client_id, 'TEXT', content, context, created_at from numbered
      returning id, chat_id, seq, sender_id, change_xid::text as change_xid
    ),
    unhidden as (
      update chat_participants p set is_hidden = false, change_xid = pg_current_xact_id()
      from counts where p.chat_id = counts.chat_id and p.is_hidden and p.left_at is null
      returning p.chat_id, p.user_id
    )
    select 'm' as kind, ins.id, ins.chat_id, ins.seq, ins.change_xid, null::text as user_id, u.name as sender_name, ${userAvatarUrlSql('u')} as sender_avatar
      from ins join users u on u.id = ins.sender_id
    union all
    select 'u', null, chat_id, null, null, user_id, null, null from unhidden`,
};

async function write(ctx: AppContext, batch: Pending[]): Promise<void> {
  const ids = batch.map(() => crypto.randomUUID());
  const rows = await ctx.runPrepared<Row>(SEND_BATCH, [
    ids,
    batch.map((p) => p.input.chatId),
    batch.map((p) => p.sender.id),
    batch.map((p) => p.input.clientId ?? null),
    batch.map((p) => p.input.content!),
    batch.map((p) => (p.input.context ? JSON.stringify(p.input.context) : null)),
    batch.map((p) => p.createdAt.toISOString()),
    batch.map((_, i) => i),
  ]);
  const byId = new Map(rows.filter((r) => r.kind === 'm').map((r) => [r.id!, r]));
  const records = batch.map((p, i): MessageRecord | null => {
    const row = byId.get(ids[i]!);
    if (!row) return null;
    return {
      id: row.id!,
      chat_id: row.chat_id,
      seq: Number(row.seq),
      client_id: p.input.clientId ?? null,
      sender_id: p.sender.id,
      sender_name: row.sender_name ?? p.sender.name,
      sender_avatar: row.sender_avatar,
      content: p.input.content!,
      message_type: 'TEXT',
      attachment_id: null,
      file_name: null,
      file_size: null,
      mime_type: null,
      width: null,
      height: null,
      duration_ms: null,
      waveform: null,
      has_thumbnail: null,
      reply_to_id: null,
      reply_content: null,
      reply_type: null,
      reply_sender_id: null,
      reply_sender_name: null,
      reply_deleted_at: null,
      is_forwarded: false,
      context: (p.input.context as Record<string, unknown> | undefined) ?? null,
      mentions: [],
      created_at: p.createdAt,
      edited_at: null,
      deleted_at: null,
      change_xid: row.change_xid!,
      reactions: [],
    };
  });
  // Committed: push, then answer. Arrival order is seq order within each chat.
  for (const record of records) if (record) emitNewMessage(ctx, record);
  const unhidden = new Map<string, string[]>();
  for (const row of rows) if (row.kind === 'u') unhidden.set(row.chat_id, [...(unhidden.get(row.chat_id) ?? []), row.user_id!]);
  for (const [chatId, userIds] of unhidden)
    void emitChatUpdated(ctx, chatId, userIds).catch((e) => ctx.logger.warn({ err: e }, 'chatUpdated failed'));
  batch.forEach((p, i) => p.resolve(records[i] ?? null));
}
