/**
 * Reactions: one per user per message (the table's primary key). Sending a new emoji replaces the
 * old one, the same emoji again removes it. The message row's change_xid is bumped in the same
 * transaction so GET /api/sync returns the message with its new reactions.
 */
import { sql } from 'drizzle-orm';
import type { Reaction } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne } from '../db/client.js';
import { forbidden, invalid } from '../http/errors.js';
import { findVisibleMessage } from '../messages/service.js';
import { presentReactions } from '../messages/queries.js';
import { emitReactionUpdated } from '../realtime/emit.js';

/** `emoji` null removes the caller's reaction. Answers the message's reactions after the change. */
export async function setReaction(ctx: AppContext, user: AuthUser, messageId: string, emoji: string | null): Promise<Reaction[]> {
  const { row, membership } = await findVisibleMessage(ctx, user.id, messageId);
  if (!membership.isActive) throw forbidden('You are no longer a participant in this chat');
  if (row.message_type === 'SYSTEM') throw invalid('System messages cannot have reactions');
  if (row.deleted_at) throw invalid('This message was deleted');
  await ctx.rateLimits.consume('reaction', user.id);
  const now = ctx.clock.now();

  const { reactions, changed } = await ctx.db.transaction(async (tx) => {
    // Locks the message (serialising reactions and a concurrent delete) and marks it for sync.
    const live = await queryOne<{ id: string }>(
      tx,
      sql`update messages set change_xid = pg_current_xact_id() where id = ${messageId} and deleted_at is null returning id`,
    );
    if (!live) throw invalid('This message was deleted');
    const current = await queryOne<{ emoji: string }>(
      tx,
      sql`select emoji from reactions where message_id = ${messageId} and user_id = ${user.id}`,
    );
    let changed = true;
    if (emoji === null || current?.emoji === emoji) {
      changed = current !== undefined;
      await tx.execute(sql`delete from reactions where message_id = ${messageId} and user_id = ${user.id}`);
    } else {
      await tx.execute(sql`insert into reactions (message_id, user_id, emoji, created_at) values (${messageId}, ${user.id}, ${emoji}, ${now})
                           on conflict (message_id, user_id) do update set emoji = excluded.emoji, created_at = excluded.created_at`);
    }
    const rows = await query<{ emoji: string; userId: string }>(
      tx,
      sql`select emoji, user_id as "userId" from reactions where message_id = ${messageId} order by created_at, user_id`,
    );
    return { reactions: presentReactions(rows), changed };
  });
  if (changed) emitReactionUpdated(ctx, row.chat_id, messageId, reactions);
  return reactions;
}
