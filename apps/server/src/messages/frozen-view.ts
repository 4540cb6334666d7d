/**
 * What a former member sees of a message: the message as it was when they left (SECURITY.md:
 * "nothing after"). Edits made since are undone from `message_edits`, reactions made since are
 * left out. A deletion for everyone still applies (the sender's right to take a message back).
 */
import { sql } from 'drizzle-orm';
import { query, type Tx } from '../db/client.js';
import { toDate, uuidArray, type DbTimestamp } from '../db/values.js';
import type { MessageRecord } from './queries.js';

export interface FormerMemberRead<R extends MessageRecord = MessageRecord> {
  viewerId: string;
  leftAt: DbTimestamp;
  record: R;
}

const key = (viewerId: string, messageId: string) => `${viewerId} ${messageId}`;

/** The records as each former member saw them at their removal, by `${viewerId} ${messageId}`. */
export async function asSeenByFormerMembers<R extends MessageRecord>(
  tx: Tx,
  reads: readonly FormerMemberRead<R>[],
): Promise<Map<string, R>> {
  const frozen = new Map<string, R>();
  if (reads.length === 0) return frozen;
  const ids = [...new Set(reads.map((r) => r.record.id))];
  const [edits, reactions] = await Promise.all([
    query<{ message_id: string; previous_content: string | null; edited_at: DbTimestamp }>(
      tx,
      sql`select message_id, previous_content, edited_at from message_edits where message_id = any(${uuidArray(ids)}) order by edited_at`,
    ),
    query<{ message_id: string; emoji: string; user_id: string; created_at: DbTimestamp }>(
      tx,
      sql`select message_id, emoji, user_id, created_at from reactions where message_id = any(${uuidArray(ids)}) order by created_at`,
    ),
  ]);
  for (const { viewerId, leftAt, record } of reads) {
    const left = toDate(leftAt).getTime();
    const mine = edits.filter((e) => e.message_id === record.id);
    const before = mine.filter((e) => toDate(e.edited_at).getTime() <= left);
    const firstAfter = mine.find((e) => toDate(e.edited_at).getTime() > left);
    frozen.set(key(viewerId, record.id), {
      ...record,
      // The text before the first edit after the removal is the text at the removal.
      content: firstAfter ? firstAfter.previous_content : record.content,
      edited_at: firstAfter ? (before.at(-1)?.edited_at ?? null) : record.edited_at,
      reactions: reactions
        .filter((r) => r.message_id === record.id && toDate(r.created_at).getTime() <= left)
        .map((r) => ({ emoji: r.emoji, userId: r.user_id })),
    });
  }
  return frozen;
}

/** The records of one chat as a former member who left it at `leftAt` saw them. */
export async function asSeenAt<R extends MessageRecord>(tx: Tx, viewerId: string, leftAt: DbTimestamp, records: R[]): Promise<R[]> {
  const frozen = await asSeenByFormerMembers(
    tx,
    records.map((record) => ({ viewerId, leftAt, record })),
  );
  return records.map((record) => frozen.get(key(viewerId, record.id)) ?? record);
}

/** The records as one viewer may see them: frozen in the chats they left, as they are elsewhere. */
export async function asSeenBy<R extends MessageRecord>(tx: Tx, viewerId: string, records: R[]): Promise<R[]> {
  if (records.length === 0) return records;
  const chatIds = [...new Set(records.map((r) => r.chat_id))];
  const left = await query<{ chat_id: string; left_at: DbTimestamp }>(
    tx,
    sql`select chat_id, left_at from chat_participants
        where user_id = ${viewerId} and chat_id = any(${uuidArray(chatIds)}) and left_at is not null`,
  );
  if (left.length === 0) return records;
  const leftAt = new Map(left.map((l) => [l.chat_id, l.left_at]));
  const frozen = await asSeenByFormerMembers(
    tx,
    records.flatMap((record) => {
      const at = leftAt.get(record.chat_id);
      return at === undefined ? [] : [{ viewerId, leftAt: at, record }];
    }),
  );
  return records.map((record) => frozen.get(key(viewerId, record.id)) ?? record);
}
