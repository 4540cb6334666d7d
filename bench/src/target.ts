/**
 * What the load runs against: our server (a child process on a fresh PostgreSQL database that is
 * dropped afterwards, high rate limits) or the bare Socket.IO ceiling. Both on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createBenchDatabase } from './database.js';
import { SignJWT } from 'jose';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const SECRET = 'bench-secret-that-is-long-enough';
const UNLIMITED = '100000000';

/** Rate limits out of the way: the load generator is a few users (and one address) doing a lot. */
export const UNLIMITED_RATES: Record<string, string> = {
  RATE_LIMIT_MESSAGES_PER_MIN: UNLIMITED,
  RATE_LIMIT_TYPING_PER_MIN: UNLIMITED,
  RATE_LIMIT_UPLOADS_PER_MIN: UNLIMITED,
  RATE_LIMIT_CHATS_PER_HOUR: UNLIMITED,
  RATE_LIMIT_LOGINS_PER_MIN: UNLIMITED,
  RATE_LIMIT_PRESENCE_PER_MIN: UNLIMITED,
  RATE_LIMIT_REACTIONS_PER_MIN: UNLIMITED,
  RATE_LIMIT_EDITS_PER_MIN: UNLIMITED,
  RATE_LIMIT_RECEIPTS_PER_MIN: UNLIMITED,
  // The load generator is one address opening thousands of sockets.
  SOCKET_HANDSHAKES_PER_ADDRESS: UNLIMITED,
};

export interface BenchUser {
  id: string;
  token: string;
}

export interface BatchTotals {
  batches: number;
  items: number;
  writeMs: number;
}

export interface ServerMetrics {
  sockets: number;
  rooms: number;
  sendBatches: BatchTotals;
  receiptBatches: BatchTotals;
}

export interface Target {
  kind: 'samvad' | 'bare';
  url: string;
  pid: number;
  probeFile: string;
  users(n: number): Promise<BenchUser[]>;
  directChat(a: BenchUser, b: BenchUser): Promise<string>;
  group(admin: BenchUser, members: BenchUser[]): Promise<string>;
  /** Our server only: GET /api/admin/metrics (sockets, rooms, the group commit's running totals). */
  metrics?(): Promise<ServerMetrics>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A host token; with a `name` the server provisions the user on first sight (CONTRACT §2). */
export const sign = (userId: string, role = 'EMPLOYEE', name?: string) =>
  new SignJWT({ userId, role, ...(name ? { name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(SECRET));

/**
 * Starts a server process (`args` after node's own) and waits until it is healthy. `enterCgroup`:
 * a shell prefix that puts the process into cgroups before it starts (the footprint scenario).
 */
export async function spawnChild(
  args: string[],
  env: Record<string, string>,
  port: number,
  enterCgroup?: string,
): Promise<{ child: ChildProcess; probeFile: string }> {
  const probeFile = path.join(os.tmpdir(), `samvad-bench-probe-${crypto.randomBytes(4).toString('hex')}.jsonl`);
  const output: string[] = [];
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const argv = [...nodeArgs, ...(args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : []), '--import', path.join(here, 'probe.mjs'), ...args];
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const [command, commandArgs] = enterCgroup
    ? ['sh', ['-c', `${enterCgroup} ${[process.execPath, ...argv].map(quote).join(' ')}`]]
    : [process.execPath, argv];
  const child = spawn(command, commandArgs, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', BENCH_PROBE_FILE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 100) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // BENCH_SERVER_LOG=1: show the server's own output while it runs (profiling, debugging).
  if (process.env.BENCH_SERVER_LOG === '1') child.stderr!.pipe(process.stderr);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output.join('')}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, probeFile };
    if (Date.now() > deadline) throw new Error(`server not healthy:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });

export async function startSamvad(env: Record<string, string> = {}): Promise<Target> {
  const bench = await createBenchDatabase('samvad_bench');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-bench-'));
  const { child, probeFile } = await spawnChild(
    ['apps/server/src/main.ts'],
    {
      NODE_ENV: 'production',
      DATABASE_URL: bench.url,
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...UNLIMITED_RATES,
      ...env,
    },
    port,
  );
  const db = new pg.Pool({ connectionString: bench.url, max: 4 });
  const url = `http://127.0.0.1:${port}`;
  let made = 0;
  let metricsToken: Promise<string> | undefined;
  const post = async (token: string, body: unknown) => {
    const res = await fetch(`${url}/api/chats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: { chat: { id: string } }; error?: unknown };
    if (!json.data) throw new Error(`create chat failed: ${JSON.stringify(json.error)}`);
    return json.data.chat.id;
  };
  return {
    kind: 'samvad',
    url,
    pid: child.pid!,
    probeFile,
    async users(n) {
      const start = made;
      made += n;
      const { rows } = await db.query<{ id: string; role: string }>(
        `insert into users (name, email, role)
         select 'Bench ' || i, 'bench' || i || '@bench.local', case when i = 0 then 'ADMIN' else 'EMPLOYEE' end
         from generate_series($1::int, $2::int) i returning id, role`,
        [start, start + n - 1],
      );
      return Promise.all(rows.map(async (r) => ({ id: r.id, token: await sign(r.id, r.role) })));
    },
    directChat: (a, b) => post(a.token, { type: 'ONE_ON_ONE', participantId: b.id }),
    async group(adminUser, members) {
      await db.query(`update users set role = 'ADMIN' where id = $1`, [adminUser.id]);
      const token = await sign(adminUser.id, 'ADMIN');
      return post(token, { type: 'GROUP', name: `Bench ${members.length}`, participantIds: members.map((m) => m.id) });
    },
    async metrics() {
      metricsToken ??= (async () => {
        const { rows } = await db.query<{ id: string }>(
          `insert into users (name, email, role) values ('Bench metrics', 'metrics@bench.local', 'ADMIN') returning id`,
        );
        return sign(rows[0]!.id, 'ADMIN');
      })();
      const res = await fetch(`${url}/api/admin/metrics`, { headers: { authorization: `Bearer ${await metricsToken}` } });
      const json = (await res.json()) as { data: { metrics: ServerMetrics } };
      return json.data.metrics;
    },
    async stop() {
      await stopChild(child);
      await db.end();
      await bench.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(probeFile, { force: true });
    },
  };
}

export async function startBare(): Promise<Target> {
  const port = await freePort();
  const { child, probeFile } = await spawnChild([path.join(here, 'bare-server.ts')], {}, port);
  return {
    kind: 'bare',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    probeFile,
    users: (n) =>
      Promise.all(
        Array.from({ length: n }, async () => {
          const id = crypto.randomUUID();
          return { id, token: await sign(id) };
        }),
      ),
    directChat: async () => crypto.randomUUID(),
    group: async () => crypto.randomUUID(),
    async stop() {
      await stopChild(child);
      fs.rmSync(probeFile, { force: true });
    },
  };
}
