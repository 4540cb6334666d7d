/**
 * Opens the database: embedded PGlite under DATA_DIR by default, or a real PostgreSQL server when
 * DATABASE_URL is set. Both speak the same SQL, and the same migrations run on both at start-up.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { Config } from '../config.js';
import * as schema from './schema.js';
import { bundleDir, EMBEDDED_SETTINGS, findTemplate, isFirstStart, writeTemplate } from './embedded.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction or the database itself: service functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/**
 * A statement of the hot path (the group-commit writes and the receipt notifications), run by
 * name: on PostgreSQL it is parsed and planned once per connection, not on every batch (planning
 * was a third of PostgreSQL's time at 5,000 messages/s). Parameters are $1..$n, each with a cast.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}
export type RunPrepared = <T>(statement: PreparedStatement, values: unknown[]) => Promise<T[]>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Embedded only, on a first start: whether the build's template was loaded or initdb ran (slow,
   * and its memory peak is the one a 1 GB machine may not have; db/embedded.ts). Logged at start-up.
   */
  createdFrom?: 'template' | 'initdb';
  runPrepared: RunPrepared;
  close(): Promise<void>;
}

/**
 * Settings of the connections that run prepared statements. Their plans are generic (made once,
 * without seeing the parameters, so they cannot follow a table's growth), so plan shapes these
 * statements must never take are off: sequential and bitmap scans, hash and merge joins; and
 * joins keep the written order. Each statement is written for index nested loops;
 * db/prepared-plans.test.ts checks the plans.
 */
const PREPARED_SESSION_SETTINGS = [
  'plan_cache_mode=force_generic_plan',
  'enable_seqscan=off',
  'enable_bitmapscan=off',
  'enable_hashjoin=off',
  'enable_mergejoin=off',
  'join_collapse_limit=1',
];
/** The startup options of those connections (JIT off as on the main pool). */
export const PREPARED_CONNECTION_OPTIONS = ['jit=off', ...PREPARED_SESSION_SETTINGS].map((setting) => `-c ${setting}`).join(' ');

/**
 * Where the generated SQL migrations live: beside the bundle's folder (apps/server/dist/ →
 * apps/server/drizzle/; in a release, server/ → drizzle/) or, from source (tsx/vitest), two up from
 * src/db/. The bundle's place is tried first, so a release never reads a `drizzle/` above its own folder.
 */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../drizzle'), path.resolve(here, '../../drizzle')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`migrations not found near ${here}`);
  return found;
}

/** A schema name we can put into a statement and a connection option as it is. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PostgreSQL connections in all (default 8): a quarter, at least one, for prepared statements. */
  poolSize?: number;
  /** Where every table, the migration record and everything else of Samvad lives (default public). */
  schema?: string;
  /** Embedded only: after migrating, write the first-start template into this folder (the build does). */
  writeTemplateTo?: string;
  /** Embedded only: where a first start looks for that template (default: beside the running bundle). */
  templateDir?: string;
}

/**
 * Samvad's objects in a schema of their own: every connection resolves unqualified names there
 * (search_path; the migrations name no schema), and drizzle keeps its migration record there too.
 * `public` keeps drizzle's own default place for that record, as databases made before had it.
 */
function schemaPlacement(schema = 'public') {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid database schema name: ${schema}`);
  return {
    schema,
    searchPath: schema === 'public' ? 'public' : `${schema},public`,
    migrationsSchema: schema === 'public' ? undefined : schema,
  };
}

/** The database the configuration names (DATABASE_URL, DATA_DIR, DATABASE_SCHEMA, DATABASE_POOL_SIZE). */
export const databaseOptions = (config: Config): DatabaseOptions => ({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  schema: config.databaseSchema,
  poolSize: config.databasePoolSize,
});

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const placement = schemaPlacement(options.schema);
  if (options.databaseUrl) {
    const poolSize = options.poolSize ?? 8;
    const preparedConnections = Math.max(1, Math.round(poolSize / 4));
    const { Pool } = (await import('pg')).default;
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    // JIT off: it compiles a statement anew on every execution once its estimated cost crosses
    // jit_above_cost; for a 256-message batch that was 30–50 ms of compiling and a 1 s statement
    // instead of 20 ms (measured with jit_above_cost = 0). Our statements are short OLTP ones.
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: poolSize - preparedConnections,
      options: `-c jit=off -c search_path=${placement.searchPath}`,
    });
    // An idle client losing its connection (server restart) must not crash the process.
    pool.on('error', () => {});
    // Several processes may start together against one server: one migrates at a time, on one connection.
    const lockClient = await pool.connect();
    try {
      await lockClient.query('select pg_advisory_lock(7263001)');
      await lockClient.query(`create schema if not exists "${placement.schema}"`);
      await migrate(drizzle(lockClient, { schema }), {
        migrationsFolder: migrationsFolder(),
        migrationsSchema: placement.migrationsSchema,
      });
      await lockClient.query('select pg_advisory_unlock(7263001)');
    } finally {
      lockClient.release();
    }
    const preparedPool = new Pool({
      connectionString: options.databaseUrl,
      max: preparedConnections,
      options: `${PREPARED_CONNECTION_OPTIONS} -c search_path=${placement.searchPath}`,
    });
    preparedPool.on('error', () => {});
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      runPrepared: async <T>(statement: PreparedStatement, values: unknown[]) =>
        (await preparedPool.query({ name: statement.name, text: statement.text, values })).rows as T[],
      close: async () => {
        await Promise.all([pool.end(), preparedPool.end()]);
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  // A first start loads the migrated template made at build time (db/embedded.ts); the template is
  // of the default schema, so a database in a schema of its own starts from initdb.
  const firstStart = !dataDir || isFirstStart(dataDir);
  const template =
    dataDir && placement.schema === 'public' && firstStart
      ? await findTemplate(options.templateDir ?? bundleDir(), migrationsFolder())
      : undefined;
  const client = await PGlite.create(dataDir, {
    postgresqlconf: EMBEDDED_SETTINGS,
    extensions: { pg_trgm },
    ...(template ? { loadDataDir: template } : {}),
  });
  // One connection: the session's search_path holds for every statement.
  await client.exec(`create schema if not exists "${placement.schema}"; set search_path to ${placement.searchPath}`);
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: migrationsFolder(), migrationsSchema: placement.migrationsSchema });
  if (options.writeTemplateTo) await writeTemplate(client, migrationsFolder(), options.writeTemplateTo);
  return {
    db,
    kind: 'pglite',
    ...(firstStart ? { createdFrom: template ? 'template' : 'initdb' } : {}),
    runPrepared: async <T>(statement: PreparedStatement, values: unknown[]) => (await client.query<T>(statement.text, values)).rows,
    close: () => client.close(),
  };
}

/** Runs a raw query and returns its rows, on either driver. */
export async function query<T = Record<string, unknown>>(tx: Tx, statement: SQL): Promise<T[]> {
  const result = (await tx.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

export async function queryOne<T = Record<string, unknown>>(tx: Tx, statement: SQL): Promise<T | undefined> {
  const rows = await query<T>(tx, statement);
  return rows[0];
}
