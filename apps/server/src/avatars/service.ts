/**
 * Profile pictures (each user sets their own) and group pictures (group admins): checking and
 * re-encoding the upload, storing both sizes, recording the key, telling who sees it, and finding
 * the bytes for a reader. Old pictures are removed from storage once the change is committed.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { AuthUser, AppContext } from '../context.js';
import type { User } from '@samvad/protocol';
import { queryOne, type Tx } from '../db/client.js';
import { forbidden, notFound } from '../http/errors.js';
import { requireGroupAdmin, requireMember } from '../chats/access.js';
import { verifyContent } from '../files/file-types.js';
import { processPicture } from '../files/images.js';
import type { ReceivedUpload } from '../files/receive-upload.js';
import { activeMemberIds, emitChatUpdated, emitUserUpdated } from '../realtime/emit.js';
import { systemNotes } from '../messages/system-notes.js';
import { findUserById, presentUser } from '../users/service.js';
import { pictureKeys } from './urls.js';

/** Checks the bytes, makes both sizes and stores them under a new key; the temporary files are always removed. */
async function storePicture(ctx: AppContext, upload: ReceivedUpload): Promise<string> {
  const key = crypto.randomUUID();
  const { large, small } = pictureKeys(key);
  const output = `${upload.tempPath}.large`;
  const smallOutput = `${upload.tempPath}.small`;
  try {
    await verifyContent(upload.tempPath, upload.type);
    await processPicture(upload.tempPath, output, smallOutput);
    await ctx.storage.putFile(large, output, 'image/webp');
    await ctx.storage.putFile(small, smallOutput, 'image/webp');
    return key;
  } catch (error) {
    await removePicture(ctx, key);
    throw error;
  } finally {
    await Promise.all([upload.tempPath, output, smallOutput].map((file) => fsp.rm(file, { force: true })));
  }
}

/** Best effort: a leftover object costs disk, never correctness (nothing points at it any more). */
async function removePicture(ctx: AppContext, key: string | null): Promise<void> {
  if (!key) return;
  const { large, small } = pictureKeys(key);
  await Promise.all([ctx.storage.delete(large), ctx.storage.delete(small)]).catch((err: unknown) =>
    ctx.logger.warn({ err, key }, 'could not remove an old picture'),
  );
}

/** Swaps the key in one row (locked, so two changes at once each remove what they replaced). */
async function swapKey(tx: Tx, table: 'users' | 'chats', id: string, key: string | null): Promise<string | null> {
  const target = sql.raw(table);
  const row = await queryOne<{ avatar_key: string | null }>(tx, sql`select avatar_key from ${target} where id = ${id} for update`);
  if (!row) throw notFound(table === 'users' ? 'User' : 'Chat');
  await tx.execute(
    table === 'chats'
      ? sql`update chats set avatar_key = ${key}, change_xid = pg_current_xact_id() where id = ${id}`
      : sql`update users set avatar_key = ${key} where id = ${id}`,
  );
  return row.avatar_key;
}

/** PUT/DELETE /api/users/me/avatar: the caller's own picture (null removes it). */
export async function setUserPicture(ctx: AppContext, user: AuthUser, upload: ReceivedUpload | null): Promise<User> {
  const key = upload ? await storePicture(ctx, upload) : null;
  const previous = await ctx.db
    .transaction((tx) => swapKey(tx, 'users', user.id, key))
    .catch(async (error: unknown) => {
      await removePicture(ctx, key);
      throw error;
    });
  await removePicture(ctx, previous);
  const updated = presentUser((await findUserById(ctx.db, user.id))!);
  await emitUserUpdated(ctx, updated);
  return updated;
}

/** The group admin's side of a group picture: authorized before a byte of the upload is read. */
export async function requirePictureEditor(ctx: AppContext, user: AuthUser, chatId: string): Promise<void> {
  const membership = await requireMember(ctx.db, chatId, user.id);
  if (membership.chatType !== 'GROUP') throw forbidden('Only groups have a picture');
  requireGroupAdmin(membership);
}

/** PUT/DELETE /api/chats/:id/avatar (group admins; null removes it): a notice in the chat, and every member's list updates. */
export async function setGroupPicture(ctx: AppContext, user: AuthUser, chatId: string, upload: ReceivedUpload | null): Promise<void> {
  await requirePictureEditor(ctx, user, chatId);
  const key = upload ? await storePicture(ctx, upload) : null;
  const notes = systemNotes(ctx, ctx.clock.now());
  const previous = await ctx.db
    .transaction(async (tx) => {
      const replaced = await swapKey(tx, 'chats', chatId, key);
      if (key || replaced) {
        await notes.write(tx, chatId, user.id, key ? `${user.name} changed the group picture` : `${user.name} removed the group picture`);
      }
      return replaced;
    })
    .catch(async (error: unknown) => {
      await removePicture(ctx, key);
      throw error;
    });
  await removePicture(ctx, previous);
  await notes.announce();
  await emitChatUpdated(ctx, chatId, await activeMemberIds(ctx, chatId));
}

/** A user's picture: any signed-in user may see it (as they may see the directory). */
export async function findUserPicture(ctx: AppContext, userId: string): Promise<string> {
  const row = await queryOne<{ avatar_key: string | null }>(ctx.db, sql`select avatar_key from users where id = ${userId}`);
  if (!row?.avatar_key) throw notFound('Picture');
  return row.avatar_key;
}

/** A group's picture: its current members only (outsiders get 404, as for anything about the chat). */
export async function findGroupPicture(ctx: AppContext, user: AuthUser, chatId: string): Promise<string> {
  await requireMember(ctx.db, chatId, user.id);
  const row = await queryOne<{ avatar_key: string | null }>(ctx.db, sql`select avatar_key from chats where id = ${chatId}`);
  if (!row?.avatar_key) throw notFound('Picture');
  return row.avatar_key;
}
