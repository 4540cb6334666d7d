/** Accounts: lookup, directory, creation, provisioning from School Assessment tokens, admin bootstrap. */
import { sql } from 'drizzle-orm';
import type { CreateUserInput, DirectoryUser, User } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne, type Tx } from '../db/client.js';
import { AppError, forbidden, isUniqueViolation, notFound } from '../http/errors.js';
import { hashPassword } from '../auth/passwords.js';
import { toIso, type DbTimestamp } from '../db/values.js';
import type { TokenClaims } from '../auth/tokens.js';

interface UserRecord {
  id: string;
  name: string;
  email: string;
  role: 'ADMIN' | 'EMPLOYEE';
  avatar_url: string | null;
  last_seen: DbTimestamp | null;
  password_hash?: string | null;
}

export const presentUser = (u: UserRecord): User => ({ id: u.id, name: u.name, email: u.email, role: u.role, avatarUrl: u.avatar_url });

export async function findUserById(tx: Tx, id: string): Promise<UserRecord | undefined> {
  return queryOne<UserRecord>(tx, sql`select id, name, email, role, avatar_url, last_seen from users where id = ${id}`);
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRecord | undefined> {
  return queryOne<UserRecord>(
    tx,
    sql`select id, name, email, role, avatar_url, last_seen, password_hash from users where lower(email) = lower(${email})`,
  );
}

/**
 * The user behind a verified token. A token from the School Assessment system for a user we have
 * not met yet provisions them from its `name`/`email` claims (CONTRACT §2).
 */
export async function resolveTokenUser(ctx: AppContext, claims: TokenClaims): Promise<AuthUser> {
  const found = await findUserById(ctx.db, claims.userId);
  if (found) return presentUser(found);
  if (!claims.email || !claims.name) throw new AppError('UNAUTHORIZED', 'Unknown user');
  try {
    const created = await queryOne<UserRecord>(
      ctx.db,
      sql`insert into users (id, name, email, role) values (${claims.userId}, ${claims.name}, ${claims.email}, ${claims.role})
          on conflict (id) do update set name = excluded.name
          returning id, name, email, role, avatar_url, last_seen`,
    );
    return presentUser(created!);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('UNAUTHORIZED', 'Token email belongs to another user');
    throw error;
  }
}

/** Actions for ADMIN users (the School Assessment role), as opposed to a group's admins. */
export function requireAdminUser(user: AuthUser, action: string): void {
  if (user.role !== 'ADMIN') throw forbidden(`Only admins can ${action}`);
}

export async function createUser(ctx: AppContext, input: CreateUserInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    const row = await queryOne<UserRecord>(
      ctx.db,
      sql`insert into users (name, email, password_hash, role) values (${input.name}, ${input.email}, ${passwordHash}, ${input.role})
          returning id, name, email, role, avatar_url, last_seen`,
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
        on conflict ((lower(email))) do update set role = 'ADMIN', password_hash = excluded.password_hash`,
  );
}

export async function listDirectory(ctx: AppContext, search: string | undefined, limit: number): Promise<DirectoryUser[]> {
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await query<UserRecord>(
    ctx.db,
    sql`select id, name, email, role, avatar_url, last_seen from users
        ${pattern ? sql`where name ilike ${pattern} or email ilike ${pattern}` : sql``}
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
