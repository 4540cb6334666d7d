import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { openDatabase, query } from './client.js';
import { createApp } from '../app.js';
import { openTestDatabase, testConfig, usePostgres } from '../test/harness.js';
import { seedDemo, DEMO_PASSWORD } from '../seed/demo.js';
import { ensureAdmin } from '../users/service.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('start-up', () => {
  it('migrates an empty database, and a second start changes nothing', async () => {
    // Embedded: the same DATA_DIR opened twice. PostgreSQL: the same database opened twice.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-start-'));
    dirs.push(dir);
    const throwaway = usePostgres() ? await openTestDatabase() : undefined;
    const open = () => (throwaway ? openDatabase({ databaseUrl: throwaway.url }) : openDatabase({ dataDir: dir }));
    try {
      const first = await open();
      await first.db.execute(sql`insert into users (name, email, role) values ('Kept', 'kept@test.local', 'EMPLOYEE')`);
      const migrations = await query(first.db, sql`select hash, created_at from drizzle.__drizzle_migrations order by id`);
      expect(migrations.length).toBeGreaterThan(0);
      await first.close();
      const second = await open();
      expect(await query(second.db, sql`select hash, created_at from drizzle.__drizzle_migrations order by id`)).toEqual(migrations);
      expect(await query(second.db, sql`select name from users`)).toEqual([{ name: 'Kept' }]);
      await second.close();
    } finally {
      await throwaway?.close();
    }
  }, 90_000); // a safety net: PGlite opened from disk and migrated twice, 6–12 s here

  it('seeds demo users and chats once, and makes sure the configured admin exists', async () => {
    const database = await openTestDatabase();
    const app = createApp({ config: testConfig(), database, logger: pino({ level: 'silent' }) });
    try {
      const logins = await seedDemo(app.ctx);
      expect(logins!.password).toBe(DEMO_PASSWORD);
      expect(logins!.users.map((u) => u.email)).toContain('admin@samvad.local');
      expect(await seedDemo(app.ctx)).toBeNull();
      const groups = await query<{ name: string; n: number }>(
        database.db,
        sql`select c.name, (select count(*)::int from messages m where m.chat_id = c.id) as n from chats c where c.type = 'GROUP'`,
      );
      expect(groups).toEqual([{ name: 'Field Team - Mumbai', n: 6 }]);

      await ensureAdmin(app.ctx, { email: 'Boss@Test.local', password: 'first-password', name: 'Boss' });
      await ensureAdmin(app.ctx, { email: 'boss@test.local', password: 'second-password', name: 'Boss' });
      const admins = await query<{ role: string }>(database.db, sql`select role from users where lower(email) = 'boss@test.local'`);
      expect(admins).toEqual([{ role: 'ADMIN' }]);
    } finally {
      await app.close();
      await database.close();
    }
  }, 90_000); // a safety net: a seed with password hashing and a fresh database, 4–8 s here

  it('lets several processes start together on one empty database: one seed, one admin, no error', async () => {
    const database = await openTestDatabase();
    // Each "process" is an app of its own on the same database, started at the same moment.
    const apps = Array.from({ length: 4 }, () => createApp({ config: testConfig(), database, logger: pino({ level: 'silent' }) }));
    try {
      const seeds = await Promise.all(apps.map((app) => seedDemo(app.ctx)));
      expect(seeds.filter((s) => s !== null)).toHaveLength(1);
      await Promise.all(
        apps.map((app) => ensureAdmin(app.ctx, { email: 'admin@cluster.test', password: 'cluster-password', name: 'Admin' })),
      );
      const users = await query<{ email: string }>(database.db, sql`select email from users order by email`);
      expect(users.map((u) => u.email)).toEqual([
        'admin@cluster.test',
        'admin@samvad.local',
        'arjun@samvad.local',
        'meera@samvad.local',
        'priya@samvad.local',
        'ravi@samvad.local',
      ]);
      expect(await query(database.db, sql`select id from chats where type = 'GROUP'`)).toHaveLength(1);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await database.close();
    }
  }, 90_000); // a safety net: ~10 s here, mostly eight 128 MiB password hashes that share one process's hasher
});
