/**
 * `footprint` (opt-in): does the chat fit beside the host on the spec's 1 GB e2-micro (spec §10)?
 *
 * For each mode — embedded PGlite, and PostgreSQL (a server the scenario starts itself, default
 * settings) — the production bundle (apps/server/dist/main.js) runs inside one memory cgroup
 * limited to BENCH_FOOTPRINT_LIMIT_MB (default 1024) together with its database:
 *   1. first start on an empty DATA_DIR / database: its peak RSS (the kernel's high-water mark);
 *   2. a restart on that data: idle RSS;
 *   3. the spec's load for BENCH_SECONDS (default 600): 50 connected users, 100 messages a second
 *      in bursts of ten every 100 ms (70 % one-on-one, 25 % groups of 10, 5 % the group of all 50),
 *      every recipient acknowledging delivery and reading its one-on-one chat, typing before one
 *      send in ten, a photo upload every 10 s.
 * Reported: ack latency, lost deliveries, the server's peak and steady RSS, the PostgreSQL
 * backends' memory (PSS) and connection count, CPU seconds per 1,000 messages (server and
 * database, from cpuacct cgroups), and whether the stack held inside the limit (no OOM kill).
 * BENCH_FOOTPRINT_SERVERS=before=/path/to/other/checkout,after=. runs each mode against several
 * checkouts' bundles in one run (before/after figures); each is built first.
 * 127.0.0.1 only; every process, folder, database and cgroup is removed at the end.
 */
import { execSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { connect, type Client } from '../load.js';
import { readProbe, round, rssOf, peakRssOf, pssOf, summarize, cpuSeconds, eventLoop, type Summary } from '../stats.js';
import { freePort, SECRET, sign, spawnChild, stopChild, UNLIMITED_RATES, type BenchUser } from '../target.js';
import { createStackCgroup, type StackCgroup } from './cgroup.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';

export type FootprintMode = 'pglite' | 'postgres';

export interface FootprintSettings {
  modes: FootprintMode[];
  /** The checkouts whose server bundles run, by label (default: this one). */
  servers: { label: string; root: string }[];
  seconds: number;
  /** Messages a second (the spec plans for 100). */
  rate: number;
  users: number;
  limitMb: number;
  /** Extra environment for the server (e.g. DATABASE_POOL_SIZE), to compare settings. */
  serverEnv: Record<string, string>;
  log(line: string): void;
}

export interface FootprintResult {
  server: string;
  mode: FootprintMode;
  firstStart: { seconds: number; peakRssMb: number };
  restartIdleRssMb: number;
  load: {
    seconds: number;
    sent: number;
    acked: number;
    failed: number;
    achievedRate: number;
    ackMs: Summary;
    expectedDeliveries: number;
    delivered: number;
    lost: number;
    receipts: number;
    uploads: number;
    eventLoopMs: { p50: number; p99: number; max: number };
  };
  rss: { peakMb: number; steadyMb: number };
  database: { peakPssMb: number; steadyPssMb: number; peakConnections: number } | null;
  cpu: { serverSeconds: number; databaseSeconds: number | null; perThousandMessages: number };
  cgroup: { limitMb: number; peakMb: number; limitHits: number; oomKills: number; held: boolean } | { unavailable: string };
}

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : 0);

export async function footprintScenario(s: FootprintSettings): Promise<Record<string, FootprintResult>> {
  // The production bundle, as `npm start` runs it (not tsx).
  for (const { root } of s.servers) execSync('npm run build -w @samvad/server', { cwd: root, stdio: 'ignore' });
  const results: Record<string, FootprintResult> = {};
  for (const mode of s.modes)
    for (const { label, root } of s.servers) results[`${label} ${mode}`] = await runMode(mode, label, path.resolve(root), s);
  return results;
}

async function runMode(mode: FootprintMode, label: string, root: string, s: FootprintSettings): Promise<FootprintResult> {
  const made = createStackCgroup(`samvad-footprint-${process.pid}-${mode}`, s.limitMb * MB);
  const cgroup: StackCgroup | undefined = 'unavailable' in made ? undefined : made;
  if (!cgroup) s.log(`footprint: ${label} ${mode}: running without a memory limit: ${(made as { unavailable: string }).unavailable}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-footprint-'));
  let database: OwnPostgres | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    if (mode === 'postgres') database = await startOwnPostgres(await freePort(), cgroup?.enter('db'));
    const start = () => startServer(root, mode, dataDir, database?.url, cgroup?.enter('server'), s.serverEnv);

    const firstAt = performance.now();
    server = await start();
    const firstStart = { seconds: round((performance.now() - firstAt) / 1000, 1), peakRssMb: round(peakRssOf(server.pid) / MB, 0) };
    await server.stop();
    server = await start();
    await sleep(3000);
    const restartIdleRssMb = round(rssOf(server.pid) / MB, 0);
    s.log(
      `footprint: ${label} ${mode}: first start ${firstStart.seconds} s, peak ${firstStart.peakRssMb} MB; after a restart idle ${restartIdleRssMb} MB`,
    );

    const loadResult = await runLoad(server.url, server.pid, server.probeFile, database, cgroup, s);
    const peakRssMb = round(peakRssOf(server.pid) / MB, 0);
    const memory = cgroup?.memory();
    const result: FootprintResult = {
      server: label,
      mode,
      firstStart,
      restartIdleRssMb,
      load: loadResult.load,
      rss: { peakMb: peakRssMb, steadyMb: loadResult.steadyRssMb },
      database: database ? loadResult.database : null,
      cpu: loadResult.cpu,
      cgroup: memory
        ? {
            limitMb: s.limitMb,
            peakMb: round(memory.peakBytes / MB, 0),
            limitHits: memory.failcnt,
            oomKills: memory.oomKills,
            held: memory.oomKills === 0 && server.isRunning(),
          }
        : { unavailable: (made as { unavailable: string }).unavailable },
    };
    s.log(
      `footprint: ${label} ${mode}: ${result.load.achievedRate} msg/s, ack p99 ${result.load.ackMs.p99} ms, lost ${result.load.lost}; ` +
        `server RSS steady ${result.rss.steadyMb} / peak ${peakRssMb} MB` +
        (result.database
          ? `; PostgreSQL PSS steady ${result.database.steadyPssMb} / peak ${result.database.peakPssMb} MB, ${result.database.peakConnections} connections`
          : '') +
        `; ${result.cpu.perThousandMessages} CPU s per 1,000 messages` +
        ('held' in result.cgroup
          ? `; stack peak ${result.cgroup.peakMb} of ${s.limitMb} MB, ${result.cgroup.held ? 'held' : 'NOT held'}`
          : ''),
    );
    return result;
  } finally {
    await server?.stop();
    await database?.stop();
    cgroup?.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startServer(
  root: string,
  mode: FootprintMode,
  dataDir: string,
  databaseUrl: string | undefined,
  enterCgroup: string | undefined,
  extraEnv: Record<string, string>,
) {
  const port = await freePort();
  const { child, probeFile } = await spawnChild(
    [path.join(root, 'apps/server/dist/main.js')],
    {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...UNLIMITED_RATES,
      ...(mode === 'postgres' ? { DATABASE_URL: databaseUrl! } : {}),
      ...extraEnv,
    },
    port,
    enterCgroup,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    probeFile,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      await stopChild(child);
      fs.rmSync(probeFile, { force: true });
    },
  };
}

async function api<T>(url: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as { data?: T; error?: unknown };
  if (!res.ok || !json.data) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json.error)}`);
  return json.data;
}

interface Chat {
  id: string;
  members: number[];
}

async function runLoad(
  url: string,
  serverPid: number,
  probeFile: string,
  database: OwnPostgres | undefined,
  cgroup: StackCgroup | undefined,
  s: FootprintSettings,
) {
  // Users come from host tokens (provisioned on first sight), as the School Assessment system's do.
  const users: BenchUser[] = await Promise.all(
    Array.from({ length: s.users }, async (_, i) => ({
      id: `fp-${i}`,
      token: await sign(`fp-${i}`, i === 0 ? 'ADMIN' : 'EMPLOYEE', `Field user ${i}`),
    })),
  );
  for (const user of users) await api(url, user.token, 'GET', '/api/auth/me');
  const admin = users[0]!;
  const chats: { direct: Chat[]; small: Chat[]; all: Chat } = { direct: [], small: [], all: { id: '', members: [] } };
  const group = async (members: number[]) => {
    const { chat } = await api<{ chat: { id: string } }>(url, admin.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: `Team ${members.length}`,
      participantIds: members.filter((m) => m !== 0).map((m) => users[m]!.id),
    });
    return { id: chat.id, members: members.includes(0) ? members : [0, ...members] };
  };
  chats.all = await group(users.map((_, i) => i));
  for (let g = 0; g < Math.floor(s.users / 10); g++)
    chats.small.push(await group(Array.from({ length: 10 }, (_, k) => (g * 10 + k) % s.users)));
  for (let i = 0; i + 1 < s.users; i += 2) {
    const { chat } = await api<{ chat: { id: string } }>(url, users[i]!.token, 'POST', '/api/chats', {
      type: 'ONE_ON_ONE',
      participantId: users[i + 1]!.id,
    });
    chats.direct.push({ id: chat.id, members: [i, i + 1] });
  }
  const directOf = new Map(chats.direct.map((c) => [c.id, c]));
  const chatsOf = (u: number) => ({
    direct: chats.direct.find((c) => c.members.includes(u)),
    small: chats.small.filter((c) => c.members.includes(u)),
  });

  const clients: Client[] = [];
  for (const user of users) clients.push(await connect({ url }, user));
  const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a7' } })
    .jpeg({ quality: 80 })
    .toBuffer();

  let delivered = 0;
  let receipts = 0;
  clients.forEach((client) => {
    client.onMessage = (m) => {
      if (m.sender?.id === client.user.id) return;
      delivered++;
      client.socket.emit('messageDelivered', { messageId: m.id });
      receipts++;
      // Each user has their one-on-one chat open: what arrives there is read at once.
      if (directOf.has(m.chatId)) {
        client.socket.emit('messageRead', { messageId: m.id });
        receipts++;
      }
    };
  });

  const acks: number[] = [];
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let expectedDeliveries = 0;
  let uploads = 0;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const sendOne = async () => {
    const u = Math.floor(Math.random() * s.users);
    const mine = chatsOf(u);
    const roll = Math.random();
    const chat = roll < 0.7 && mine.direct ? mine.direct : roll < 0.95 && mine.small.length ? pick(mine.small) : chats.all;
    const socket = clients[u]!.socket;
    if (Math.random() < 0.1) socket.emit('typing', { chatId: chat.id, isTyping: true });
    sent++;
    expectedDeliveries += chat.members.length - 1;
    const at = performance.now();
    try {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck('sendMessage', { chatId: chat.id, content: `visit update ${sent}`, clientId: crypto.randomUUID() });
      if (ack.success) {
        acked++;
        acks.push(performance.now() - at);
      } else failed++;
    } catch {
      failed++;
    }
  };
  const uploadOne = async () => {
    const u = Math.floor(Math.random() * s.users);
    const chat = chatsOf(u).direct ?? chats.all;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'visit.jpg');
    const res = await fetch(`${url}/api/chats/${chat.id}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${users[u]!.token}` },
      body: form,
    });
    const json = (await res.json()) as { data?: { attachment: { attachmentId: string } } };
    if (!json.data) return;
    await clients[u]!.socket.timeout(10_000).emitWithAck('sendMessage', {
      chatId: chat.id,
      attachmentId: json.data.attachment.attachmentId,
      clientId: crypto.randomUUID(),
    });
    uploads++;
    expectedDeliveries += chat.members.length - 1;
  };

  const samples: { t: number; serverRss: number; dbPss: number; connections: number }[] = [];
  const sample = async () =>
    samples.push({
      t: performance.now(),
      serverRss: rssOf(serverPid),
      dbPss: database ? database.pids().reduce((sum, pid) => sum + pssOf(pid), 0) : 0,
      connections: database ? await database.clientConnections() : 0,
    });
  // Embedded: the database's CPU is the server's own.
  const databaseCpuNow = () => (database ? (cgroup?.cpuSeconds('db') ?? null) : null);
  const cpuBefore = { server: cgroup?.cpuSeconds('server') ?? cpuSeconds(serverPid), db: databaseCpuNow() };
  const started = performance.now();
  const startedWall = Date.now();
  const inFlight: Promise<void>[] = [];
  const perTick = s.rate / 10;
  for (let tick = 0; performance.now() - started < s.seconds * 1000; tick++) {
    for (let i = 0; i < perTick; i++) inFlight.push(sendOne());
    if (tick % 100 === 0) inFlight.push(uploadOne().catch(() => {}));
    if (tick % 20 === 0) await sample();
    await sleep(Math.max(0, (tick + 1) * 100 - (performance.now() - started)));
  }
  await Promise.all(inFlight);
  const loadSeconds = (performance.now() - started) / 1000;
  const cpuAfter = { server: cgroup?.cpuSeconds('server') ?? cpuSeconds(serverPid), db: databaseCpuNow() };
  // Deliveries still on their way: wait for them, at most 5 s.
  for (let waited = 0; delivered < expectedDeliveries && waited < 5000; waited += 100) await sleep(100);
  for (const client of clients) client.socket.disconnect();

  const steady = samples.filter((x) => x.t >= started + (s.seconds * 1000) / 2);
  const messages = acked + uploads;
  const serverCpu = cpuAfter.server - cpuBefore.server;
  const databaseCpu = cpuAfter.db !== null && cpuBefore.db !== null ? cpuAfter.db - cpuBefore.db : null;
  return {
    load: {
      seconds: round(loadSeconds, 1),
      sent,
      acked,
      failed,
      achievedRate: round(acked / loadSeconds, 1),
      ackMs: summarize(acks),
      expectedDeliveries,
      delivered,
      lost: Math.max(0, expectedDeliveries - delivered),
      receipts,
      uploads,
      eventLoopMs: eventLoop(readProbe(probeFile, startedWall, Date.now())),
    },
    steadyRssMb: round(median(steady.map((x) => x.serverRss)) / MB, 0),
    database: {
      peakPssMb: round(Math.max(0, ...samples.map((x) => x.dbPss)) / MB, 0),
      steadyPssMb: round(median(steady.map((x) => x.dbPss)) / MB, 0),
      peakConnections: Math.max(0, ...samples.map((x) => x.connections)),
    },
    cpu: {
      serverSeconds: round(serverCpu, 1),
      databaseSeconds: databaseCpu === null ? null : round(databaseCpu, 1),
      perThousandMessages: round(((serverCpu + (databaseCpu ?? 0)) / Math.max(1, messages)) * 1000, 2),
    },
  };
}
