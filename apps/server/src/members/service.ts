/**
 * Group membership: list, add, remove, leave, make admin. Every change writes a SYSTEM message,
 * moves the affected user's sockets in or out of the chat room at once, and tells everyone.
 * A member who leaves keeps what they saw (up to `left_seq`) and receives nothing after it.
 */
import { sql } from 'drizzle-orm';
import { MAX_GROUP_MEMBERS, type Participant } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne, type Tx } from '../db/client.js';
import { textArray } from '../db/values.js';
import { AppError, invalid, notFound } from '../http/errors.js';
import { requireGroupAdmin, requireMember, requireReader } from '../chats/access.js';
import { loadParticipants } from '../chats/read-model.js';
import { systemNotes } from '../messages/system-notes.js';
import { requireUsersExist } from '../users/service.js';
import {
  activeMemberIds,
  emitChatUpdated,
  emitParticipantAdded,
  emitParticipantRemoved,
  joinChatRoom,
  leaveChatRoom,
} from '../realtime/emit.js';

export async function listParticipants(ctx: AppContext, user: AuthUser, chatId: string): Promise<Participant[]> {
  await requireReader(ctx.db, chatId, user.id);
  return (await loadParticipants(ctx, ctx.db, [chatId])).get(chatId) ?? [];
}

const nameOf = async (tx: Tx, userId: string) =>
  (await queryOne<{ name: string }>(tx, sql`select name from users where id = ${userId}`))?.name ?? 'Someone';

export async function addParticipants(ctx: AppContext, user: AuthUser, chatId: string, userIds: string[]): Promise<Participant[]> {
  const membership = await requireMember(ctx.db, chatId, user.id);
  requireGroupAdmin(membership);
  const wanted = [...new Set(userIds)];
  await requireUsersExist(ctx.db, wanted);
  const now = ctx.clock.now();
  const notes = systemNotes(ctx, now);
  const added = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from chats where id = ${chatId} for update`);
    const present = await query<{ user_id: string }>(
      tx,
      sql`select user_id from chat_participants where chat_id = ${chatId} and left_at is null and user_id = any(${textArray(wanted)})`,
    );
    const already = new Set(present.map((p) => p.user_id));
    const newcomers = wanted.filter((id) => !already.has(id));
    const size = (await queryOne<{ n: number }>(
      tx,
      sql`select count(*)::int as n from chat_participants where chat_id = ${chatId} and left_at is null`,
    ))!.n;
    if (size + newcomers.length > MAX_GROUP_MEMBERS) throw invalid(`A group can have at most ${MAX_GROUP_MEMBERS} members`);
    const added: { userId: string; name: string }[] = [];
    for (const userId of newcomers) {
      const name = await nameOf(tx, userId);
      const { seq } = await notes.write(tx, chatId, user.id, `${user.name} added ${name}`);
      // They see the chat from their "added" message on; earlier history stays private.
      await tx.execute(sql`
        insert into chat_participants (chat_id, user_id, chat_role, joined_at, joined_seq, last_delivered_seq, last_read_seq)
        values (${chatId}, ${userId}, 'MEMBER', ${now}, ${seq - 1}, ${seq - 1}, ${seq - 1})
        on conflict (chat_id, user_id) do update set chat_role = 'MEMBER', joined_at = excluded.joined_at, joined_seq = excluded.joined_seq,
          left_at = null, left_seq = null, last_delivered_seq = excluded.last_delivered_seq, last_read_seq = excluded.last_read_seq,
          cleared_seq = 0, is_hidden = false, is_archived = false, is_pinned = false, pinned_at = null, change_xid = pg_current_xact_id()`);
      added.push({ userId, name });
    }
    return added;
  });
  const chatName = membership.chatName;
  for (const a of added) joinChatRoom(ctx, a.userId, chatId);
  await notes.announce();
  for (const a of added) emitParticipantAdded(ctx, { chatId, chatName, userId: a.userId, userName: a.name });
  const members = await activeMemberIds(ctx, chatId);
  const addedIds = new Set(added.map((a) => a.userId));
  await emitChatUpdated(ctx, chatId, [...addedIds], 'chatCreated');
  if (added.length)
    await emitChatUpdated(
      ctx,
      chatId,
      members.filter((id) => !addedIds.has(id)),
    );
  return listParticipants(ctx, user, chatId);
}

/** Group admins remove others; anyone removes themselves (= leave). */
export async function removeParticipant(ctx: AppContext, user: AuthUser, chatId: string, targetId: string): Promise<void> {
  if (targetId === user.id) return leaveChat(ctx, user, chatId);
  const membership = await requireMember(ctx.db, chatId, user.id);
  requireGroupAdmin(membership);
  const target = await queryOne<{ user_id: string }>(
    ctx.db,
    sql`select user_id from chat_participants where chat_id = ${chatId} and user_id = ${targetId} and left_at is null`,
  );
  if (!target) throw notFound('Participant');
  const name = await nameOf(ctx.db, targetId);
  await endMembership(ctx, chatId, targetId, name, user.id, `${user.name} removed ${name}`);
}

export async function leaveChat(ctx: AppContext, user: AuthUser, chatId: string): Promise<void> {
  const membership = await requireMember(ctx.db, chatId, user.id);
  if (membership.chatType !== 'GROUP') throw invalid('You cannot leave a one-on-one chat; delete it instead');
  await endMembership(ctx, chatId, user.id, user.name, user.id, `${user.name} left`);
}

async function endMembership(
  ctx: AppContext,
  chatId: string,
  userId: string,
  userName: string,
  actorId: string,
  text: string,
): Promise<void> {
  const now = ctx.clock.now();
  const notes = systemNotes(ctx, now);
  const promoted = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from chats where id = ${chatId} for update`);
    const { seq } = await notes.write(tx, chatId, actorId, text);
    const left = await queryOne<{ chat_role: string }>(
      tx,
      sql`update chat_participants p set left_at = ${now}, left_seq = ${seq}, is_pinned = false, pinned_at = null,
            left_name = c.name, left_description = c.description, change_xid = pg_current_xact_id()
          from chats c
          where c.id = p.chat_id and p.chat_id = ${chatId} and p.user_id = ${userId} and p.left_at is null returning p.chat_role`,
    );
    if (!left) throw notFound('Participant');
    // The last admin leaving hands the group to the longest-standing member.
    let promoted: string | null = null;
    if (left.chat_role === 'ADMIN') {
      const admins = await queryOne<{ n: number }>(
        tx,
        sql`select count(*)::int as n from chat_participants where chat_id = ${chatId} and left_at is null and chat_role = 'ADMIN'`,
      );
      if (admins!.n === 0) {
        const next = await queryOne<{ user_id: string }>(
          tx,
          sql`update chat_participants set chat_role = 'ADMIN', change_xid = pg_current_xact_id()
              where chat_id = ${chatId} and user_id = (select user_id from chat_participants where chat_id = ${chatId} and left_at is null order by joined_at, user_id limit 1)
              returning user_id`,
        );
        promoted = next?.user_id ?? null;
      }
    }
    return promoted;
  });
  // Leave the room before any await: a message committed after this one (seq > left_seq) must
  // not be pushed to the departed member while we are still emitting.
  leaveChatRoom(ctx, userId, chatId);
  // Everyone, the departing member included, sees the SYSTEM message (an actor gets it as its sender).
  await notes.announce([userId]);
  const chatName = (await queryOne<{ name: string | null }>(ctx.db, sql`select name from chats where id = ${chatId}`))?.name ?? null;
  emitParticipantRemoved(ctx, { chatId, chatName, userId, userName });
  await emitChatUpdated(ctx, chatId, [...(await activeMemberIds(ctx, chatId)), userId]);
  if (promoted) ctx.logger.info({ chatId, promoted }, 'group admin handed over');
}

/** Group admins make another member admin (or back to member). */
export async function setParticipantRole(
  ctx: AppContext,
  user: AuthUser,
  chatId: string,
  targetId: string,
  chatRole: 'ADMIN' | 'MEMBER',
): Promise<Participant[]> {
  const membership = await requireMember(ctx.db, chatId, user.id);
  requireGroupAdmin(membership);
  const notes = systemNotes(ctx);
  const isChanged = await ctx.db.transaction(async (tx) => {
    const target = await queryOne<{ chat_role: string }>(
      tx,
      sql`select chat_role from chat_participants where chat_id = ${chatId} and user_id = ${targetId} and left_at is null for update`,
    );
    if (!target) throw notFound('Participant');
    if (target.chat_role === chatRole) return false;
    if (chatRole === 'MEMBER') {
      const admins = await queryOne<{ n: number }>(
        tx,
        sql`select count(*)::int as n from chat_participants where chat_id = ${chatId} and left_at is null and chat_role = 'ADMIN'`,
      );
      if (admins!.n <= 1) throw new AppError('VALIDATION', 'A group needs at least one admin');
    }
    await tx.execute(
      sql`update chat_participants set chat_role = ${chatRole}, change_xid = pg_current_xact_id() where chat_id = ${chatId} and user_id = ${targetId}`,
    );
    const name = await nameOf(tx, targetId);
    const text = chatRole === 'ADMIN' ? `${user.name} made ${name} an admin` : `${user.name} dismissed ${name} as admin`;
    await notes.write(tx, chatId, user.id, text);
    return true;
  });
  if (isChanged) {
    await notes.announce();
    await emitChatUpdated(ctx, chatId, await activeMemberIds(ctx, chatId));
  }
  return listParticipants(ctx, user, chatId);
}
