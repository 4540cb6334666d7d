/**
 * Receipt watermarks as one viewer sees them: for the status of their own messages, the lowest
 * delivered/read position among the chat's other current members.
 */
import { sql } from 'drizzle-orm';
import { query, type Tx } from '../db/client.js';
import { uuidArray } from '../db/values.js';
import type { Watermarks } from '../messages/queries.js';

/** The caller's receipt watermarks in a chat (for the status of their own messages). */
export async function watermarksFor(tx: Tx, userId: string, chatId: string): Promise<Watermarks> {
  return (await watermarksForChats(tx, userId, [chatId])).get(chatId) ?? { deliveredUpToSeq: 0, readUpToSeq: 0 };
}

/** The watermarks of several chats in one query (search results, sync pages). */
export async function watermarksForChats(tx: Tx, userId: string, chatIds: readonly string[]): Promise<Map<string, Watermarks>> {
  if (chatIds.length === 0) return new Map();
  const rows = await query<Watermarks & { chatId: string }>(
    tx,
    sql`select c.id as "chatId", coalesce(min(o.last_delivered_seq), c.last_seq) as "deliveredUpToSeq",
               coalesce(min(o.last_read_seq), c.last_seq) as "readUpToSeq"
        from chats c left join chat_participants o on o.chat_id = c.id and o.user_id <> ${userId} and o.left_at is null
        where c.id = any(${uuidArray(chatIds)}) group by c.id, c.last_seq`,
  );
  return new Map(rows.map(({ chatId, ...marks }) => [chatId, marks]));
}
