/** Creating, updating and deleting chats; per-user settings (pin, archive, mute). */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { MAX_PINNED_CHATS, type Chat, type CreateChatInput, type UpdateChatInput } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { queryOne } from '../db/client.js';
import { textArray } from '../db/values.js';
import { AppError, forbidden, invalid, notFound } from '../http/errors.js';
import { requireGroupAdmin, requireReader } from './access.js';
import { getChat } from './read-model.js';
import { activeMemberIds, emitChatRemoved, emitChatUpdated, joinChatRoom } from '../realtime/emit.js';
import { systemNotes } from '../messages/system-notes.js';
import { requireAdminUser, requireUsersExist } from '../users/service.js';
import { leaveChat } from '../members/service.js';

/** One-on-one: the existing chat of the pair (created: false) or a new one. Unique per pair in the database. */
export async function openDirectChat(ctx: AppContext, user: AuthUser, otherId: string): Promise<{ chat: Chat; created: boolean }> {
  if (otherId === user.id) throw invalid('participantId: you cannot start a chat with yourself');
  const other = await queryOne<{ id: string }>(ctx.db, sql`select id from users where id = ${otherId}`);
  if (!other) throw notFound('User');
  const directKey = [user.id, otherId].sort().join('|'); // "|" is never in a user id
  const existing = await queryOne<{ id: string }>(ctx.db, sql`select id from chats where direct_key = ${directKey}`);
  if (existing) {
    // Re-opening a chat you deleted shows it again, without the history you cleared.
    await ctx.db.execute(sql`update chat_participants set is_hidden = false, change_xid = pg_current_xact_id()
                             where chat_id = ${existing.id} and user_id = ${user.id} and is_hidden`);
    return { chat: await getChat(ctx, user.id, existing.id), created: false };
  }
  await ctx.rateLimits.consume('chat', user.id);
  const chatId = crypto.randomUUID();
  const created = await ctx.db.transaction(async (tx) => {
    const inserted = await queryOne<{ id: string }>(
      tx,
      sql`insert into chats (id, type, created_by_id, direct_key, updated_at) values (${chatId}, 'ONE_ON_ONE', ${user.id}, ${directKey}, ${ctx.clock.now()})
          on conflict (direct_key) do nothing returning id`,
    );
    if (!inserted) return false; // a concurrent request created it first
    await tx.execute(sql`insert into chat_participants (chat_id, user_id, chat_role, joined_at)
                         values (${chatId}, ${user.id}, 'MEMBER', ${ctx.clock.now()}), (${chatId}, ${otherId}, 'MEMBER', ${ctx.clock.now()})`);
    return true;
  });
  if (!created) return openDirectChat(ctx, user, otherId);
  for (const id of [user.id, otherId]) joinChatRoom(ctx, id, chatId);
  await emitChatUpdated(ctx, chatId, [user.id, otherId], 'chatCreated');
  return { chat: await getChat(ctx, user.id, chatId), created: true };
}

export async function createGroup(ctx: AppContext, user: AuthUser, input: Extract<CreateChatInput, { type: 'GROUP' }>): Promise<Chat> {
  requireAdminUser(user, 'create groups');
  const memberIds = [...new Set(input.participantIds.filter((id) => id !== user.id))];
  await requireUsersExist(ctx.db, memberIds);
  await ctx.rateLimits.consume('chat', user.id);
  const chatId = crypto.randomUUID();
  const now = ctx.clock.now();
  const notes = systemNotes(ctx, now);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`insert into chats (id, type, name, description, created_by_id, updated_at)
                         values (${chatId}, 'GROUP', ${input.name}, ${input.description || null}, ${user.id}, ${now})`);
    await tx.execute(
      sql`insert into chat_participants (chat_id, user_id, chat_role, joined_at) values (${chatId}, ${user.id}, 'ADMIN', ${now})`,
    );
    if (memberIds.length) {
      await tx.execute(sql`insert into chat_participants (chat_id, user_id, chat_role, joined_at)
                           select ${chatId}, u, 'MEMBER', ${now} from unnest(${textArray(memberIds)}) as u`);
    }
    await notes.write(tx, chatId, user.id, `${user.name} created the group "${input.name}"`);
  });
  const everyone = [user.id, ...memberIds];
  for (const id of everyone) joinChatRoom(ctx, id, chatId);
  await emitChatUpdated(ctx, chatId, everyone, 'chatCreated');
  await notes.announce();
  return getChat(ctx, user.id, chatId);
}

/** Group details (group admins) and the caller's own settings (any member, former ones included). */
export async function updateChat(ctx: AppContext, user: AuthUser, chatId: string, input: UpdateChatInput): Promise<Chat> {
  const membership = await requireReader(ctx.db, chatId, user.id);
  const changesDetails = input.name !== undefined || input.description !== undefined;
  if (changesDetails) {
    if (!membership.isActive) throw forbidden('You are no longer a participant in this chat');
    requireGroupAdmin(membership);
  }
  const now = ctx.clock.now();
  const notes = systemNotes(ctx, now);
  await ctx.db.transaction(async (tx) => {
    if (input.isPinned === true && !membership.isPinned) {
      const pinned = await queryOne<{ n: number }>(
        tx,
        sql`select count(*)::int as n from chat_participants where user_id = ${user.id} and is_pinned and not is_hidden`,
      );
      if (pinned!.n >= MAX_PINNED_CHATS) throw new AppError('VALIDATION', `You can pin up to ${MAX_PINNED_CHATS} chats`);
    }
    const settings = [
      input.isPinned !== undefined ? sql`is_pinned = ${input.isPinned}, pinned_at = ${input.isPinned ? now : null}` : null,
      input.isArchived !== undefined ? sql`is_archived = ${input.isArchived}` : null,
      input.isMuted !== undefined ? sql`is_muted = ${input.isMuted}` : null,
    ].filter((s) => s !== null);
    if (settings.length) {
      await tx.execute(sql`update chat_participants set ${sql.join(settings, sql`, `)}, change_xid = pg_current_xact_id()
                           where chat_id = ${chatId} and user_id = ${user.id}`);
    }
    if (changesDetails) {
      const current = (await queryOne<{ name: string; description: string | null }>(
        tx,
        sql`select name, description from chats where id = ${chatId} for update`,
      ))!;
      const name = input.name ?? current.name;
      const description = input.description === undefined ? current.description : input.description || null;
      await tx.execute(
        sql`update chats set name = ${name}, description = ${description}, change_xid = pg_current_xact_id() where id = ${chatId}`,
      );
      if (name !== current.name) await notes.write(tx, chatId, user.id, `${user.name} changed the group name to "${name}"`);
      if (description !== current.description) await notes.write(tx, chatId, user.id, `${user.name} changed the group description`);
    }
  });
  await notes.announce();
  await emitChatUpdated(ctx, chatId, changesDetails ? await activeMemberIds(ctx, chatId) : [user.id]);
  return getChat(ctx, user.id, chatId);
}

/** One-on-one: hide it and its history for the caller. Group: leave (if still a member) and hide. */
export async function deleteChat(ctx: AppContext, user: AuthUser, chatId: string): Promise<void> {
  const membership = await requireReader(ctx.db, chatId, user.id);
  if (membership.chatType === 'GROUP' && membership.isActive) await leaveChat(ctx, user, chatId);
  await ctx.db.execute(sql`
    update chat_participants p set is_hidden = true, is_pinned = false, pinned_at = null,
      cleared_seq = greatest(p.cleared_seq, least(c.last_seq, coalesce(p.left_seq, c.last_seq))), change_xid = pg_current_xact_id()
    from chats c where c.id = p.chat_id and p.chat_id = ${chatId} and p.user_id = ${user.id}`);
  emitChatRemoved(ctx, user.id, chatId);
}
