/** Accounts: lookup, directory, creation, provisioning from School Assessment tokens, admin bootstrap. */
import { sql } from 'drizzle-orm';
import type { CreateUserInput, DirectoryUser, HostUserInput, User, UserRole } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne, type Tx } from '../db/client.js';
import { AppError, forbidden, invalid, isUniqueViolation, notFound } from '../http/errors.js';
import { hashPassword } from '../auth/passwords.js';
import { textArray, toDate, toIso, type DbTimestamp } from '../db/values.js';
import { disconnectUser } from '../realtime/emit.js';
import type { TokenClaims } from '../auth/tokens.js';
import { userAvatarUrlSql } from '../avatars/urls.js';

interface UserRecord {
  id: string;
  name: string;
  email: string | null;
  role: 'ADMIN' | 'EMPLOYEE';
  /** The host's picture; `picture_url` is what is shown (the user's own picture wins). */
  avatar_url: string | null;
  picture_url: string | null;
  is_active: boolean;
  updated_at: DbTimestamp;
  last_seen: DbTimestamp | null;
  password_hash?: string | null;
}

const USER_COLUMNS = sql.raw(
  `id, name, email, role, avatar_url, ${userAvatarUrlSql('users')} as picture_url, is_active, updated_at, last_seen`,
);

export const presentUser = (u: UserRecord): User => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  avatarUrl: u.picture_url,
  isActive: u.is_active,
});

export async function findUserById(tx: Tx, id: string): Promise<UserRecord | undefined> {
  return queryOne<UserRecord>(tx, sql`select ${USER_COLUMNS} from users where id = ${id}`);
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRecord | undefined> {
  return queryOne<UserRecord>(tx, sql`select ${USER_COLUMNS}, password_hash from users where lower(email) = lower(${email})`);
}

/**
 * The user behind a verified token (CONTRACT §2). The host system is the source of truth and its
 * newest word wins: an unknown id with a `name` claim is provisioned; claims that differ from the
 * stored user are applied when the token was issued after the record last changed (so an older
 * token never undoes a sync, a demotion or a deactivation). The stored user is what acts.
 */
export async function resolveTokenUser(ctx: AppContext, claims: TokenClaims): Promise<AuthUser> {
  let found = await findUserById(ctx.db, claims.userId);
  if (!found) {
    if (!claims.name) throw new AppError('UNAUTHORIZED', 'Unknown user (a token for a new user carries a name claim)');
    found = await provision(ctx, claims);
  } else if (found.is_active && claims.issuedAt !== undefined && claims.issuedAt > toDate(found.updated_at).getTime()) {
    const change = changedFields(found, { name: claims.name, email: claims.email, role: claims.role, avatarUrl: claims.avatarUrl });
    if (change) found = (await applyChange(ctx, found.id, change, new Date(claims.issuedAt))) ?? found;
  }
  if (!found.is_active) throw new AppError('UNAUTHORIZED', 'This account has been deactivated');
  return presentUser(found);
}

async function provision(ctx: AppContext, claims: TokenClaims): Promise<UserRecord> {
  const insert = (email: string | null | undefined) =>
    queryOne<UserRecord>(
      ctx.db,
      sql`insert into users (id, name, email, role, avatar_url, updated_at)
          values (${claims.userId}, ${claims.name}, ${email ?? null}, ${claims.role}, ${claims.avatarUrl ?? null}, ${ctx.clock.now()})
          on conflict (id) do nothing returning ${USER_COLUMNS}`,
    );
  let created: UserRecord | undefined;
  try {
    created = await insert(claims.email);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The email belongs to another account (say, a local admin): the user still gets in, without it.
    ctx.logger.warn({ userId: claims.userId }, 'provisioned a host user without the email of another account');
    created = await insert(null);
  }
  // A concurrent first request provisioned them first.
  return created ?? (await findUserById(ctx.db, claims.userId))!;
}

interface UserFields {
  name?: string;
  email?: string | null;
  role?: UserRole;
  avatarUrl?: string | null;
  active?: boolean;
}

/** The fields of `wanted` that are given and differ from the stored user; undefined when none do. */
function changedFields(stored: UserRecord, wanted: UserFields): UserFields | undefined {
  const change: UserFields = {};
  if (wanted.name !== undefined && wanted.name !== stored.name) change.name = wanted.name;
  if (wanted.email !== undefined && (wanted.email ?? null) !== stored.email) change.email = wanted.email;
  if (wanted.role !== undefined && wanted.role !== stored.role) change.role = wanted.role;
  if (wanted.avatarUrl !== undefined && (wanted.avatarUrl ?? null) !== stored.avatar_url) change.avatarUrl = wanted.avatarUrl;
  if (wanted.active !== undefined && wanted.active !== stored.is_active) change.active = wanted.active;
  return Object.keys(change).length ? change : undefined;
}

/**
 * Writes a change, stamped `changedAt`. Only over an older record: when a newer change landed
 * meanwhile the write is skipped and undefined is returned.
 */
async function applyChange(ctx: AppContext, id: string, change: UserFields, changedAt: Date, tx: Tx = ctx.db) {
  const sets = [
    change.name !== undefined ? sql`name = ${change.name}` : undefined,
    change.email !== undefined ? sql`email = ${change.email}` : undefined,
    change.role !== undefined ? sql`role = ${change.role}` : undefined,
    change.avatarUrl !== undefined ? sql`avatar_url = ${change.avatarUrl}` : undefined,
    change.active !== undefined ? sql`is_active = ${change.active}` : undefined,
    sql`updated_at = ${changedAt}`,
  ].filter((part) => part !== undefined);
  try {
    return await queryOne<UserRecord>(
      tx,
      sql`update users set ${sql.join(sets, sql`, `)} where id = ${id} and updated_at < ${changedAt} returning ${USER_COLUMNS}`,
    );
  } catch (error) {
    if (!isUniqueViolation(error) || change.email === undefined) throw error;
    if (tx !== ctx.db) throw new AppError('CONFLICT', `The email of user ${id} belongs to another user`);
    // From a token: the rest of the claims still apply.
    const { email: _taken, ...rest } = change;
    return applyChange(ctx, id, rest, changedAt, tx);
  }
}

export type HostUserResult = 'created' | 'updated' | 'unchanged';

/**
 * PUT /api/users/:id and POST /api/users/sync: creates or updates users by the host's ids, in one
 * transaction (a failed call changes nothing). Fields left out are kept. Users deactivated here
 * have their sockets closed on every process once the change is committed.
 */
export async function upsertHostUsers(
  ctx: AppContext,
  users: readonly (HostUserInput & { id: string })[],
): Promise<Map<string, HostUserResult>> {
  const results = new Map<string, HostUserResult>();
  const deactivated: string[] = [];
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const stored = await query<UserRecord>(
      tx,
      sql`select ${USER_COLUMNS} from users where id = any(${textArray(users.map((u) => u.id))}) for update`,
    );
    const byId = new Map(stored.map((u) => [u.id, u]));
    for (const user of users) {
      const existing = byId.get(user.id);
      if (!existing) {
        try {
          await tx.execute(
            sql`insert into users (id, name, email, role, avatar_url, is_active, updated_at)
                values (${user.id}, ${user.name}, ${user.email ?? null}, ${user.role}, ${user.avatarUrl ?? null}, ${user.active ?? true}, ${now})`,
          );
        } catch (error) {
          if (isUniqueViolation(error)) throw new AppError('CONFLICT', `The email of user ${user.id} belongs to another user`);
          throw error;
        }
        results.set(user.id, 'created');
        continue;
      }
      const change = changedFields(existing, user);
      if (!change) {
        results.set(user.id, 'unchanged');
        continue;
      }
      // The admin call is the newest word: it is stamped now, even over a token issued a moment ago.
      const changedAt = new Date(Math.max(now.getTime(), toDate(existing.updated_at).getTime() + 1));
      await applyChange(ctx, user.id, change, changedAt, tx);
      if (change.active === false) deactivated.push(user.id);
      results.set(user.id, 'updated');
    }
  });
  for (const id of deactivated) disconnectUser(ctx, id);
  return results;
}

/** A stronger hash of the same password (made at a successful login when the stored one is weaker). */
export async function updatePasswordHash(ctx: AppContext, id: string, passwordHash: string): Promise<void> {
  await ctx.db.execute(sql`update users set password_hash = ${passwordHash} where id = ${id}`);
}

/** Actions for ADMIN users (the School Assessment role), as opposed to a group's admins. */
export function requireAdminUser(user: AuthUser, action: string): void {
  if (user.role !== 'ADMIN') throw forbidden(`Only admins can ${action}`);
}

/**
 * A new local account. `passwordHash` lets a caller that creates many accounts with one password
 * (the demo seed, tests) hash it once: each hash takes 128 MiB and a few hundred milliseconds.
 */
export async function createUser(ctx: AppContext, input: CreateUserInput, passwordHash?: string): Promise<User> {
  passwordHash ??= await hashPassword(input.password);
  try {
    const row = await queryOne<UserRecord>(
      ctx.db,
      sql`insert into users (name, email, password_hash, role) values (${input.name}, ${input.email}, ${passwordHash}, ${input.role})
          returning ${USER_COLUMNS}`,
    );
    return presentUser(row!);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'A user with that email already exists');
    throw error;
  }
}

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD: makes sure this admin exists (and has that password) at start-up.
 * One upsert, so several processes starting together against one database cannot collide.
 */
export async function ensureAdmin(ctx: AppContext, admin: { email: string; password: string; name: string }): Promise<void> {
  const passwordHash = await hashPassword(admin.password);
  await ctx.db.execute(
    sql`insert into users (name, email, password_hash, role) values (${admin.name}, ${admin.email.toLowerCase()}, ${passwordHash}, 'ADMIN')
        on conflict ((lower(email))) do update set role = 'ADMIN', password_hash = excluded.password_hash, is_active = true,
          updated_at = now()`,
  );
}

export async function listDirectory(ctx: AppContext, search: string | undefined, limit: number): Promise<DirectoryUser[]> {
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await query<UserRecord>(
    ctx.db,
    sql`select ${USER_COLUMNS} from users
        where is_active ${pattern ? sql`and (name ilike ${pattern} or email ilike ${pattern})` : sql``}
        order by lower(name), id limit ${limit}`,
  );
  const online = await ctx.presence.onlineAmong(rows.map((r) => r.id));
  return rows.map((r) => ({ ...presentUser(r), isOnline: online.has(r.id), lastSeen: toIso(r.last_seen) }));
}

export async function getDirectoryUser(ctx: AppContext, id: string): Promise<DirectoryUser> {
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('User');
  const online = await ctx.presence.onlineAmong([id]);
  return { ...presentUser(row), isOnline: online.has(id), lastSeen: toIso(row.last_seen) };
}

/** Every id names an active user; otherwise VALIDATION naming the first unknown one. */
export async function requireUsersExist(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await query<{ id: string }>(tx, sql`select id from users where id = any(${textArray(ids)}) and is_active`);
  if (found.length !== ids.length) {
    const known = new Set(found.map((f) => f.id));
    throw invalid(`Unknown user: ${ids.find((id) => !known.has(id))}`);
  }
}
