/**
 * Writing a message row: the one place a `seq` is allocated. Bumping `chats.last_seq` takes the
 * chat's row lock until commit, so seqs are gap-free (a rollback gives the number back) and
 * commits within a chat happen in seq order.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MessageType } from '@samvad/protocol';
import { queryOne, type Tx } from '../db/client.js';
import { notFound } from '../http/errors.js';

export interface NewMessage {
  chatId: string;
  senderId: string;
  messageType: MessageType;
  content: string | null;
  clientId?: string | null;
  attachmentId?: string | null;
  replyToId?: string | null;
  isForwarded?: boolean;
  context?: Record<string, unknown> | null;
  mentions?: string[];
  createdAt: Date;
}

/**
 * Takes the chat's row lock before the membership check of a write: removals take the same lock
 * first, so one in progress is waited for and its outcome seen, and none can start until commit.
 */
export async function lockChatForWrite(tx: Tx, chatId: string): Promise<void> {
  await tx.execute(sql`select 1 from chats where id = ${chatId} for no key update`);
}

export async function insertMessage(tx: Tx, m: NewMessage): Promise<{ id: string; seq: number }> {
  const bumped = await queryOne<{ seq: number }>(
    tx,
    sql`update chats set last_seq = last_seq + 1, updated_at = ${m.createdAt}, change_xid = pg_current_xact_id()
        where id = ${m.chatId} returning last_seq as seq`,
  );
  if (!bumped) throw notFound('Chat');
  const id = crypto.randomUUID();
  await tx.execute(sql`
    insert into messages (id, chat_id, seq, sender_id, client_id, message_type, content, attachment_id, reply_to_id,
                          is_forwarded, context, mentions, created_at)
    values (${id}, ${m.chatId}, ${bumped.seq}, ${m.senderId}, ${m.clientId ?? null}, ${m.messageType}, ${m.content},
            ${m.attachmentId ?? null}, ${m.replyToId ?? null}, ${m.isForwarded ?? false},
            ${m.context ? JSON.stringify(m.context) : null}::jsonb, ${sql.param(m.mentions ?? [])}::text[], ${m.createdAt})`);
  return { id, seq: bumped.seq };
}

/** Members who had deleted (hidden) the chat see it again when a new message arrives. */
export async function unhideChatForAll(tx: Tx, chatId: string): Promise<string[]> {
  const result = (await tx.execute(sql`
    update chat_participants set is_hidden = false, change_xid = pg_current_xact_id()
    where chat_id = ${chatId} and is_hidden and left_at is null returning user_id`)) as unknown as { rows: { user_id: string }[] };
  return result.rows.map((r) => r.user_id);
}
