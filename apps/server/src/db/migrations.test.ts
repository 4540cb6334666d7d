/**
 * Migrations of databases made by earlier versions, and DATABASE_SCHEMA (Samvad's tables in a
 * schema of their own inside the host system's PostgreSQL database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message } from '@samvad/protocol';
import { migrationsFolder, openDatabase, query } from './client.js';
import { createThrowawayDatabase, startTestServer, usePostgres } from '../test/harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** The migrations as they were before `tag` (a copy of the folder with a shorter journal). */
function migrationsBefore(tag: string): string {
  const source = migrationsFolder();
  const target = tempDir('samvad-migrations-');
  fs.mkdirSync(path.join(target, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === tag),
  );
  expect(entries.length).toBeGreaterThan(0);
  fs.writeFileSync(path.join(target, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(target, `${entry.tag}.sql`));
  return target;
}

/** Runs the old migrations on a database, then `fill` on it, with the driver of its kind. */
async function makeOldDatabase(target: { url?: string; dataDir?: string }, folder: string, fill: string[]): Promise<void> {
  if (target.url) {
    const pg = (await import('pg')).default;
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await migrate(drizzle(client), { migrationsFolder: folder });
    for (const statement of fill) await client.query(statement);
    await client.end();
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = await PGlite.create(path.join(target.dataDir!, 'pglite'));
    await migrate(drizzle(client), { migrationsFolder: folder });
    for (const statement of fill) await client.exec(statement);
    await client.close();
  }
}

describe('migrations', () => {
  it('moves a database with UUID user ids to opaque ids, with no data lost', async () => {
    const throwaway = usePostgres() ? await createThrowawayDatabase() : undefined;
    const dataDir = tempDir('samvad-old-');
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    const chat = '33333333-3333-4333-8333-333333333333';
    const message = '44444444-4444-4444-8444-444444444444';
    try {
      await makeOldDatabase(throwaway ? { url: throwaway.url } : { dataDir }, migrationsBefore('0004_host_user_ids'), [
        `insert into users (id, name, email, role) values ('${a}', 'Asha', 'asha@old.test', 'ADMIN'), ('${b}', 'Ravi', 'ravi@old.test', 'EMPLOYEE')`,
        `insert into chats (id, type, created_by_id, direct_key, last_seq) values ('${chat}', 'ONE_ON_ONE', '${a}', '${a}:${b}', 1)`,
        `insert into chat_participants (chat_id, user_id) values ('${chat}', '${a}'), ('${chat}', '${b}')`,
        `insert into messages (id, chat_id, seq, sender_id, content, mentions) values ('${message}', '${chat}', 1, '${a}', 'hello @Ravi', '{${b}}')`,
        `insert into reactions (message_id, user_id, emoji) values ('${message}', '${b}', '👍')`,
      ]);
      const database = await openDatabase(throwaway ? { databaseUrl: throwaway.url } : { dataDir });
      const server = await startTestServer({ database });
      try {
        const rows = await query<{ id: string; is_active: boolean }>(database.db, sql`select id, is_active from users order by name`);
        expect(rows).toEqual([
          { id: a, is_active: true },
          { id: b, is_active: true },
        ]);
        const kept = await query<{ sender_id: string; mentions: string[]; content: string }>(
          database.db,
          sql`select sender_id, mentions, content from messages`,
        );
        expect(kept).toEqual([{ sender_id: a, mentions: [b], content: 'hello @Ravi' }]);
        // The old pair key still finds the same chat, and the old user can go on.
        const token = await server.app.ctx.tokens.sign({ userId: a, role: 'ADMIN' });
        const opened = await server.api<{ chat: Chat }>(token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: b });
        expect(opened.status).toBe(200);
        expect(opened.body.data.chat.id).toBe(chat);
        const page = await server.api<{ messages: Message[] }>(token, 'GET', `/api/chats/${chat}/messages`);
        expect(page.body.data.messages.map((m) => [m.content, m.reactions[0]?.emoji])).toEqual([['hello @Ravi', '👍']]);
        const sent = await server.api(token, 'POST', `/api/chats/${chat}/messages`, { content: 'after the migration' });
        expect(sent.status).toBe(201);
      } finally {
        await server.close();
      }
    } finally {
      await throwaway?.drop();
    }
  }, 90_000); // a safety net: PGlite opened from disk and migrated twice, 6–11 s here

  it.runIf(usePostgres())(
    "DATABASE_SCHEMA keeps every table and the migration record in that schema, beside the host's own tables",
    async () => {
      const throwaway = await createThrowawayDatabase();
      const pg = (await import('pg')).default;
      const host = new pg.Client({ connectionString: throwaway.url });
      await host.connect();
      try {
        // The host system's own "users" and "messages" tables, which Samvad must not touch.
        await host.query(`create table public.users (id serial primary key, username text not null)`);
        await host.query(`create table public.messages (id serial primary key, body text)`);
        await host.query(`insert into public.users (username) values ('host-admin')`);

        const database = await openDatabase({ databaseUrl: throwaway.url, schema: 'samvad_chat' });
        const server = await startTestServer({ database });
        try {
          const asha = await server.createUser('Asha', 'ADMIN');
          const ravi = await server.createUser('Ravi');
          const chat = await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
            type: 'GROUP',
            name: 'Zone',
            participantIds: [ravi.user.id],
          });
          expect(chat.status).toBe(201);
          const sent = await server.api(asha.token, 'POST', `/api/chats/${chat.body.data.chat.id}/messages`, {
            content: 'in a schema of its own',
          });
          expect(sent.status).toBe(201);
          const socket = await server.connect(ravi.token);
          socket.disconnect();
        } finally {
          await server.close();
        }

        const tables = await host.query<{ table_schema: string; table_name: string }>(
          `select table_schema, table_name from information_schema.tables
         where table_schema in ('public', 'samvad_chat', 'drizzle') order by 1, 2`,
        );
        const inSchema = (schema: string) => tables.rows.filter((t) => t.table_schema === schema).map((t) => t.table_name);
        expect(inSchema('public')).toEqual(['messages', 'users']);
        expect(inSchema('drizzle')).toEqual([]);
        expect(inSchema('samvad_chat')).toEqual(
          expect.arrayContaining(['__drizzle_migrations', 'users', 'chats', 'chat_participants', 'messages', 'attachments', 'reactions']),
        );
        expect((await host.query('select username from public.users')).rows).toEqual([{ username: 'host-admin' }]);
        expect((await host.query('select count(*)::int as n from public.messages')).rows).toEqual([{ n: 0 }]);
        expect((await host.query('select count(*)::int as n from samvad_chat.messages')).rows[0].n).toBeGreaterThan(0);

        // A second start migrates nothing.
        const before = (await host.query('select hash from samvad_chat.__drizzle_migrations order by id')).rows;
        const again = await openDatabase({ databaseUrl: throwaway.url, schema: 'samvad_chat' });
        await again.close();
        expect((await host.query('select hash from samvad_chat.__drizzle_migrations order by id')).rows).toEqual(before);
      } finally {
        await host.end();
        await throwaway.drop();
      }
    },
  );

  it('no migration names a schema (DATABASE_SCHEMA places them)', () => {
    const folder = migrationsFolder();
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.sql'))) {
      expect(fs.readFileSync(path.join(folder, file), 'utf8'), file).not.toMatch(/"public"\./);
    }
  });
});
