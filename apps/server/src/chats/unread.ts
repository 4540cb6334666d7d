/**
 * What counts as unread for a reader: someone else's message above their read watermark, not a
 * SYSTEM notice, not deleted. Callers combine it with the visibility rule (chats/visibility.ts).
 * The chat list counts these; a history page can start at the first of them.
 */
import { sql, type SQL } from 'drizzle-orm';

/** Message `m` is unread for the reader: their id and read watermark as columns (`p.…`) or values. */
export function unreadBy(reader: { userId: SQL | string; lastReadSeq: SQL | number }, m: SQL = sql`m`): SQL {
  return sql`${m}.seq > ${reader.lastReadSeq} and ${m}.sender_id <> ${reader.userId}
    and ${m}.message_type <> 'SYSTEM' and ${m}.deleted_at is null`;
}
