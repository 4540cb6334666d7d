/**
 * Mentions: `@Name` of a current member (matched case-insensitively on the whole name or the first
 * name) is recorded on the message, so clients can notify a mentioned member even in a muted chat.
 */
import { sql } from 'drizzle-orm';
import { query, type Tx } from '../db/client.js';

export async function findMentions(tx: Tx, chatId: string, senderId: string, content: string): Promise<string[]> {
  if (!content.includes('@')) return [];
  const members = await query<{ id: string; name: string }>(
    tx,
    sql`select u.id, u.name from chat_participants p join users u on u.id = p.user_id
        where p.chat_id = ${chatId} and p.left_at is null and p.user_id <> ${senderId}`,
  );
  const text = content.toLowerCase();
  const mentioned = members.filter(({ name }) => {
    const full = name.toLowerCase();
    const first = full.split(/\s+/)[0] ?? full;
    return [full, first].some((candidate) => new RegExp(`(^|\\s)@${escapeRegExp(candidate)}(?![\\p{L}\\p{N}])`, 'u').test(text));
  });
  return mentioned.map((m) => m.id);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
