/** Latest messages across the caller's chats (dashboard widget, spec §7.3): others' messages, visible, not deleted. */
import { sql } from 'drizzle-orm';
import type { Message } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { presentMessage, selectMessages } from './queries.js';
import { asSeenBy } from './frozen-view.js';
import { visibleToParticipant } from '../chats/visibility.js';

export async function recentMessages(ctx: AppContext, userId: string, limit: number): Promise<Message[]> {
  const rows = await selectMessages(
    ctx.db,
    sql`m.id in (
      select x.id from chat_participants p
      cross join lateral (
        select m2.id, m2.created_at, m2.seq from messages m2
        where ${visibleToParticipant('m2', 'p')}
          and m2.sender_id <> p.user_id and m2.message_type <> 'SYSTEM' and m2.deleted_at is null
        order by m2.seq desc limit ${limit}) x
      where p.user_id = ${userId} and not p.is_hidden
      order by x.created_at desc limit ${limit})`,
    sql`order by m.created_at desc, m.id`,
  );
  return (await asSeenBy(ctx.db, userId, rows)).map((r) => presentMessage(r, userId, null));
}
