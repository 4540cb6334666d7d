/**
 * The embedded database's first-start template (db/embedded.ts): a first start loads it instead of
 * running initdb, a later start keeps its own data, and a template of other migrations or another
 * PGlite is ignored. A data folder's system identifier is made by initdb, so it tells which it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';
import { queryOne } from './client.js';

const folders: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-template-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

const systemId = async (database: Database) =>
  (await queryOne<{ id: string }>(database.db, sql`select system_identifier::text as id from pg_control_system()`))!.id;
const settingOf = async (database: Database, name: string) =>
  (await queryOne<{ setting: string; unit: string }>(database.db, sql`select setting, unit from pg_settings where name = ${name}`))!;

describe('the embedded first-start template', () => {
  it('is loaded by a first start, migrated, with the small-machine settings; a restart keeps its data', async () => {
    const templateDir = tempDir();
    const source = await openDatabase({ writeTemplateTo: templateDir });
    const templateId = await systemId(source);
    await source.close();
    expect(fs.existsSync(path.join(templateDir, 'pglite-template.tgz'))).toBe(true);

    const dataDir = tempDir();
    const first = await openDatabase({ dataDir, templateDir });
    expect(await systemId(first)).toBe(templateId);
    expect(first.createdFrom).toBe('template'); // what main.ts logs
    // Migrated: the tables are there and usable.
    await first.db.execute(sql`insert into users (id, name, role) values ('u1', 'Asha', 'ADMIN')`);
    expect(await settingOf(first, 'shared_buffers')).toEqual({ setting: '2048', unit: '8kB' }); // 16 MB
    await first.close();

    const again = await openDatabase({ dataDir, templateDir });
    expect(await systemId(again)).toBe(templateId);
    expect(again.createdFrom).toBeUndefined();
    expect(await queryOne(again.db, sql`select name from users where id = 'u1'`)).toEqual({ name: 'Asha' });
    await again.close();
  }, 120_000);

  it('is ignored when it was made from other migrations (initdb runs as before)', async () => {
    const templateDir = tempDir();
    const source = await openDatabase({ writeTemplateTo: templateDir });
    const templateId = await systemId(source);
    await source.close();
    const infoFile = path.join(templateDir, 'pglite-template.json');
    fs.writeFileSync(infoFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(infoFile, 'utf8')), lastMigration: '0003_older' }));

    const database = await openDatabase({ dataDir: tempDir(), templateDir });
    expect(await systemId(database)).not.toBe(templateId);
    expect(database.createdFrom).toBe('initdb');
    expect(await queryOne(database.db, sql`select count(*)::int as n from users`)).toEqual({ n: 0 });
    await database.close();
  }, 120_000);
});
