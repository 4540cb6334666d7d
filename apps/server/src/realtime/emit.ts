/**
 * Live pushes, always after commit. Who receives what is decided here (a security decision):
 * chat events go to the chat's room (its current members' sockets), personal views to user rooms.
 */
import { sql } from 'drizzle-orm';
import type { Chat, Reaction } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { query } from '../db/client.js';
import { loadChatForViewers } from '../chats/read-model.js';
import { presentMessage, type MessageRecord } from '../messages/queries.js';
import { watermarksFor } from '../messages/service.js';
import { chatRoom, userRoom } from './rooms.js';

/** newMessage to every member socket; the sender's copy carries status SENT, others' status null. */
export function emitNewMessage(ctx: AppContext, record: MessageRecord): void {
  const forOthers = presentMessage(record, null, null);
  ctx.io.to(chatRoom(record.chat_id)).except(userRoom(record.sender_id)).emit('newMessage', forOthers);
  if (record.message_type !== 'SYSTEM') {
    ctx.io.to(userRoom(record.sender_id)).emit('newMessage', presentMessage(record, record.sender_id, null));
  } else {
    ctx.io.to(userRoom(record.sender_id)).emit('newMessage', forOthers);
  }
}

/** messageUpdated (edits) to every member: the sender's copy keeps its status. */
export async function emitMessageUpdated(ctx: AppContext, record: MessageRecord): Promise<void> {
  ctx.io
    .to(chatRoom(record.chat_id))
    .except(userRoom(record.sender_id))
    .emit('messageUpdated', presentMessage(record, null, null));
  const marks = await watermarksFor(ctx.db, record.sender_id, record.chat_id);
  ctx.io.to(userRoom(record.sender_id)).emit('messageUpdated', presentMessage(record, record.sender_id, marks));
}

/** messageDeleted (delete for everyone) to every member socket; clients show the placeholder. */
export function emitMessageDeleted(ctx: AppContext, chatId: string, messageId: string): void {
  ctx.io.to(chatRoom(chatId)).emit('messageDeleted', { chatId, messageId });
}

/** reactionUpdated with the message's whole reaction list, so clients replace rather than patch. */
export function emitReactionUpdated(ctx: AppContext, chatId: string, messageId: string, reactions: Reaction[]): void {
  ctx.io.to(chatRoom(chatId)).emit('reactionUpdated', { chatId, messageId, reactions });
}

/** chatUpdated to each given user, each with their own view of the chat (name, unread, settings). */
export async function emitChatUpdated(
  ctx: AppContext,
  chatId: string,
  userIds: readonly string[],
  event: 'chatUpdated' | 'chatCreated' = 'chatUpdated',
): Promise<void> {
  // A push after commit: a failure here is logged, never an error for the change that caused it.
  const chats = await loadChatForViewers(ctx, chatId, userIds).catch((error: unknown) => {
    ctx.logger.warn({ err: error, chatId }, 'chat update push failed');
    return new Map<string, Chat>();
  });
  for (const [userId, chat] of chats) ctx.io.to(userRoom(userId)).emit(event, chat);
}

export async function activeMemberIds(ctx: AppContext, chatId: string): Promise<string[]> {
  const rows = await query<{ user_id: string }>(
    ctx.db,
    sql`select user_id from chat_participants where chat_id = ${chatId} and left_at is null`,
  );
  return rows.map((r) => r.user_id);
}

/** Rooms follow membership at once, on every socket of the user (on every process with Redis). */
export function joinChatRoom(ctx: AppContext, userId: string, chatId: string): void {
  ctx.io.in(userRoom(userId)).socketsJoin(chatRoom(chatId));
}
export function leaveChatRoom(ctx: AppContext, userId: string, chatId: string): void {
  ctx.io.in(userRoom(userId)).socketsLeave(chatRoom(chatId));
}
