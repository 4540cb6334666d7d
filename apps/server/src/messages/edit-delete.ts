/**
 * Editing (sender, text only, within EDIT_WINDOW_MS) and deleting messages: for the caller only
 * (a message_hides row) or for everyone (soft delete: the row keeps its place and, until the
 * retention job erases it, its content, which no answer ever returns).
 * Every write bumps the row's change_xid in the same transaction so GET /api/sync returns it.
 */
import { sql } from 'drizzle-orm';
import { EDIT_WINDOW_MS, type Message } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { queryOne } from '../db/client.js';
import { toDate } from '../db/values.js';
import { AppError, forbidden, invalid } from '../http/errors.js';
import { emitChatUpdated, emitMessageDeleted, emitMessageHidden, emitMessageUpdated } from '../realtime/emit.js';
import type { Membership } from '../chats/access.js';
import { findMentions } from './mentions.js';
import { presentMessage, selectMessagesByIds, type MessageRecord } from './queries.js';
import { findVisibleMessage } from './service.js';
import { watermarksFor } from '../receipts/watermarks.js';

/** The caller may change this message for everyone: its sender, still in the chat, not a SYSTEM line. */
function requireOwnMessage(row: MessageRecord, membership: Membership, userId: string): void {
  if (row.message_type === 'SYSTEM') throw forbidden('System messages cannot be changed');
  if (row.sender_id !== userId) throw forbidden('Only the sender can change this message');
  if (!membership.isActive) throw forbidden('You are no longer a participant in this chat');
}

export async function editMessage(ctx: AppContext, user: AuthUser, messageId: string, content: string): Promise<Message> {
  const { row, membership } = await findVisibleMessage(ctx, user.id, messageId);
  requireOwnMessage(row, membership, user.id);
  if (row.deleted_at) throw invalid('This message was deleted');
  if (row.message_type !== 'TEXT') throw invalid('Only text messages can be edited');
  await ctx.rateLimits.consume('edit', user.id);
  const now = ctx.clock.now();
  if (now.getTime() - toDate(row.created_at).getTime() > EDIT_WINDOW_MS) {
    throw new AppError('EDIT_WINDOW_EXPIRED', 'Messages can only be edited within 15 minutes of sending');
  }
  const marks = () => watermarksFor(ctx.db, user.id, row.chat_id);
  if (content === row.content) return presentMessage(row, user.id, await marks());

  const record = await ctx.db.transaction(async (tx) => {
    const mentions = await findMentions(tx, row.chat_id, user.id, content);
    // The row lock and the deleted_at check together: a concurrent delete for everyone wins.
    const updated = await queryOne<{ id: string }>(
      tx,
      sql`update messages set content = ${content}, mentions = ${sql.param(mentions)}::text[], edited_at = ${now},
            change_xid = pg_current_xact_id()
          where id = ${messageId} and deleted_at is null returning id`,
    );
    if (!updated) throw invalid('This message was deleted');
    // The text it had until now, for members who left before this edit (messages/frozen-view.ts).
    await tx.execute(
      sql`insert into message_edits (message_id, previous_content, edited_at) values (${messageId}, ${row.content}, ${now})`,
    );
    // visibility: the message found visible above, read again after the edit.
    const [record] = await selectMessagesByIds(tx, [messageId]);
    return record!;
  });
  await emitMessageUpdated(ctx, record);
  return presentMessage(record, user.id, await marks());
}

/** `me`: hidden for the caller only (former members too). `everyone`: the sender's soft delete. */
export async function deleteMessage(
  ctx: AppContext,
  user: AuthUser,
  messageId: string,
  scope: 'me' | 'everyone',
): Promise<{ message?: Message }> {
  const { row, membership } = await findVisibleMessage(ctx, user.id, messageId);
  if (scope === 'me') {
    await ctx.db.execute(
      sql`insert into message_hides (message_id, user_id, created_at) values (${messageId}, ${user.id}, ${ctx.clock.now()})
          on conflict do nothing`,
    );
    // The caller's other tabs drop the message and refresh the preview and unread count.
    emitMessageHidden(ctx, user.id, row.chat_id, messageId);
    await emitChatUpdated(ctx, row.chat_id, [user.id]);
    return {};
  }
  requireOwnMessage(row, membership, user.id);
  const deleted = await queryOne<{ id: string }>(
    ctx.db,
    sql`update messages set deleted_at = ${ctx.clock.now()}, change_xid = pg_current_xact_id()
        where id = ${messageId} and deleted_at is null returning id`,
  );
  // visibility: the message found visible above, read again after the delete.
  const [record] = await selectMessagesByIds(ctx.db, [messageId]);
  // Deleting twice is harmless: only the first delete tells the chat.
  if (deleted) emitMessageDeleted(ctx, row.chat_id, messageId);
  return { message: presentMessage(record!, user.id, await watermarksFor(ctx.db, user.id, row.chat_id)) };
}
