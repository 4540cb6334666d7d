/**
 * Forwarding one message into several chats at once. All or nothing: every target must be a chat
 * the caller is a current member of, or no copy is made. Copies reuse the attachment row (no byte
 * copy) and carry no reply or context, since those belong to the source conversation.
 */
import { sql } from 'drizzle-orm';
import type { Message } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { invalid } from '../http/errors.js';
import { requireMember } from '../chats/access.js';
import { emitChatUpdated, emitNewMessage } from '../realtime/emit.js';
import { insertMessage, lockChatForWrite, unhideChatForAll } from './store.js';
import { presentMessage, selectMessagesByIds } from './queries.js';
import { findVisibleMessage } from './service.js';

export async function forwardMessage(ctx: AppContext, user: AuthUser, messageId: string, chatIds: string[]): Promise<Message[]> {
  const { row } = await findVisibleMessage(ctx, user.id, messageId);
  if (row.deleted_at) throw invalid('A deleted message cannot be forwarded');
  if (row.message_type === 'SYSTEM') throw invalid('System messages cannot be forwarded');
  // Sorted, so concurrent forwards lock the target chats' rows in the same order.
  const targets = [...new Set(chatIds)].sort();
  for (const chatId of targets) await requireMember(ctx.db, chatId, user.id);
  for (let i = 0; i < targets.length; i++) await ctx.rateLimits.consume('message', user.id);

  const now = ctx.clock.now();
  const created = await ctx.db.transaction(async (tx) => {
    const copies: { id: string; chatId: string; unhidden: string[] }[] = [];
    for (const chatId of targets) {
      await lockChatForWrite(tx, chatId);
      await requireMember(tx, chatId, user.id);
      const { id } = await insertMessage(tx, {
        chatId,
        senderId: user.id,
        messageType: row.message_type,
        content: row.content,
        attachmentId: row.attachment_id,
        isForwarded: true,
        createdAt: now,
      });
      copies.push({ id, chatId, unhidden: await unhideChatForAll(tx, chatId) });
    }
    if (row.attachment_id)
      await tx.execute(sql`update attachments set sent_at = coalesce(sent_at, ${now}) where id = ${row.attachment_id}`);
    return copies;
  });

  // visibility: the copies the caller has just written.
  const records = await selectMessagesByIds(
    ctx.db,
    created.map((c) => c.id),
  );
  const byId = new Map(records.map((r) => [r.id, r]));
  const ordered = created.map((c) => byId.get(c.id)!);
  for (const record of ordered) emitNewMessage(ctx, record);
  for (const { chatId, unhidden } of created) if (unhidden.length) await emitChatUpdated(ctx, chatId, unhidden);
  return ordered.map((r) => presentMessage(r, user.id, null));
}
