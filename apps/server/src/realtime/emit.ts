/**
 * Live pushes, always after commit. The one door: who receives what is decided here and nowhere
 * else (a security decision). Chat events go to the chat's room (its current members' sockets),
 * personal views and notices to user rooms; services say what happened, never which sockets hear.
 */
import { sql } from 'drizzle-orm';
import type { Chat, MessageStatusUpdate, ParticipantChange, Reaction, User } from '@samvad/protocol';
import type { AppContext, IoServer } from '../context.js';
import { query } from '../db/client.js';
import { loadChatForViewers } from '../chats/read-model.js';
import { presentMessage, type MessageRecord } from '../messages/queries.js';
import { watermarksFor } from '../receipts/watermarks.js';
import { chatRoom, userRoom } from './rooms.js';

/**
 * newMessage to every member socket; the sender's copy carries status SENT, others' status null.
 * `alsoTo`: users outside the room who still see this one (a member just removed sees the notice).
 */
export function emitNewMessage(ctx: AppContext, record: MessageRecord, alsoTo: readonly string[] = []): void {
  const forOthers = presentMessage(record, null, null);
  ctx.io.to(chatRoom(record.chat_id)).except(userRoom(record.sender_id)).emit('newMessage', forOthers);
  if (record.message_type !== 'SYSTEM') {
    ctx.io.to(userRoom(record.sender_id)).emit('newMessage', presentMessage(record, record.sender_id, null));
  } else {
    ctx.io.to(userRoom(record.sender_id)).emit('newMessage', forOthers);
  }
  for (const userId of alsoTo) if (userId !== record.sender_id) ctx.io.to(userRoom(userId)).emit('newMessage', forOthers);
  // Members with no socket anywhere hear of it on their devices (Web Push decides who, push/notifier.ts).
  ctx.webPush.messageSent(record);
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

/** messageHidden ("delete for me") to the user's own sockets: their other tabs drop it too. */
export function emitMessageHidden(ctx: AppContext, userId: string, chatId: string, messageId: string): void {
  ctx.io.to(userRoom(userId)).emit('messageHidden', { chatId, messageId });
}

/** messageStatusUpdated to a sender whose messages reached everyone (delivered or read). */
export function emitMessageStatus(ctx: AppContext, senderId: string, update: MessageStatusUpdate): void {
  ctx.io.to(userRoom(senderId)).emit('messageStatusUpdated', update);
}

/** participantAdded to the chat's members (the newcomers' sockets have joined its room). */
export function emitParticipantAdded(ctx: AppContext, change: ParticipantChange): void {
  ctx.io.to(chatRoom(change.chatId)).emit('participantAdded', change);
}

/** participantRemoved to the remaining members and to the one who left (no longer in the room). */
export function emitParticipantRemoved(ctx: AppContext, change: ParticipantChange): void {
  ctx.io.to(chatRoom(change.chatId)).emit('participantRemoved', change);
  ctx.io.to(userRoom(change.userId)).emit('participantRemoved', change);
}

/** chatRemoved to the user's own sockets ("delete chat" takes it off every device's list). */
export function emitChatRemoved(ctx: AppContext, userId: string, chatId: string): void {
  ctx.io.to(userRoom(userId)).emit('chatRemoved', { chatId });
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

/**
 * userUpdated (a new picture) to the user's own tabs and to everyone who shares a chat with them,
 * whose lists, headers and member lists show it; others see it when they next load the directory.
 */
export async function emitUserUpdated(ctx: AppContext, user: User): Promise<void> {
  const chats = await query<{ chat_id: string }>(
    ctx.db,
    sql`select chat_id from chat_participants where user_id = ${user.id} and left_at is null`,
  ).catch((error: unknown) => {
    ctx.logger.warn({ err: error, userId: user.id }, 'user update push failed');
    return [];
  });
  ctx.io.to([userRoom(user.id), ...chats.map((c) => chatRoom(c.chat_id))]).emit('userUpdated', { user });
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

/** A deactivated user's sockets close at once, on every process (their token no longer works). */
export function disconnectUser(ctx: AppContext, userId: string): void {
  ctx.io.in(userRoom(userId)).disconnectSockets(true);
}

/** Typing indicators go to the chat's other members, never to the typist's own tabs. */
export function emitTyping(io: IoServer, chatId: string, user: { id: string; name: string }, isTyping: boolean): void {
  const event = { chatId, userId: user.id, userName: user.name };
  io.to(chatRoom(chatId))
    .except(userRoom(user.id))
    .emit(isTyping ? 'userTyping' : 'userStoppedTyping', event);
}

/** Presence goes to everyone who shares a chat with the user (`rooms`: their sockets' chat rooms). */
export function emitPresence(
  io: IoServer,
  rooms: string[],
  user: { id: string; name: string },
  change: { state: 'online' } | { state: 'offline'; lastSeen: Date },
): void {
  if (rooms.length === 0) return;
  const target = io.to(rooms).except(userRoom(user.id));
  if (change.state === 'online') target.emit('userOnline', { userId: user.id, userName: user.name });
  else target.emit('userOffline', { userId: user.id, userName: user.name, lastSeen: change.lastSeen.toISOString() });
}
