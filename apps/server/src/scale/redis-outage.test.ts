/**
 * A Redis outage in multi-process mode degrades, it does not crash or lose data: sends keep
 * committing and are acknowledged, live fan-out across processes resumes when Redis is back, and
 * the other side catches up what it missed with GET /api/sync. Uses a private redis-server on a
 * free port, so stopping it touches nobody else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, SyncResult } from '@samvad/protocol';
import { nextEvent, openTestDatabase, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { freePort } from '../test/server-process.js';
import type { Database } from '../db/client.js';

let redisPort: number;
let redis: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const net = await import('node:net');
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.connect(redisPort, '127.0.0.1', () => {
        probe.end();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis!.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

// Like the other multi-process suites it runs when REDIS_URL is set (CI), which also means redis-server is installed.
describe.runIf(!!process.env.REDIS_URL)('Redis outage (multi-process mode)', () => {
  let database: Database;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let asha: TestUser;
  let priya: TestUser;
  let chat: Chat;

  beforeAll(async () => {
    redisPort = await freePort();
    await startRedis();
    database = await openTestDatabase();
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_KEY_PREFIX: `outage-${redisPort}:` };
    nodeA = await startTestServer({ database, env });
    nodeB = await startTestServer({ database, env });
    asha = await nodeA.createUser('Asha', 'ADMIN');
    priya = await nodeA.createUser('Priya');
    chat = (await nodeA.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
      .data.chat;
  }, 180_000); // a safety net: a Redis server and a server process start, 8–16 s here
  afterAll(async () => {
    await nodeA?.app.close();
    await nodeB?.close();
    await stopRedis();
  });

  it('keeps committing sends while Redis is down and fans out again when it is back', async () => {
    const ashaSocket = await nodeA.connect(asha.token);
    const priyaSocket = await nodeB.connect(priya.token);
    const crossNode = nextEvent(priyaSocket, 'newMessage');
    await ashaSocket.timeout(5000).emitWithAck('sendMessage', { chatId: chat.id, content: 'through redis' });
    expect((await crossNode).content).toBe('through redis');
    const { next } = (await nodeB.api<SyncResult>(priya.token, 'GET', '/api/sync')).body.data;

    await stopRedis();
    const during = await ashaSocket
      .timeout(10_000)
      .emitWithAck('sendMessage', { chatId: chat.id, content: 'while redis is down', clientId: crypto.randomUUID() });
    expect(during.success).toBe(true);
    const health = await nodeA.api<{ status: string; redis: string }>(null, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.data.redis).toBe('down');

    await startRedis();
    await expect
      .poll(async () => (await nodeA.api<{ redis: string }>(null, 'GET', '/api/health')).body.data.redis, { timeout: 15_000 })
      .toBe('ok');
    await expect
      .poll(async () => (await nodeB.api<{ redis: string }>(null, 'GET', '/api/health')).body.data.redis, { timeout: 15_000 })
      .toBe('ok');
    // The subscriber reconnects on its own; retry until live fan-out works again.
    await expect
      .poll(
        async () => {
          const received = nextEvent(priyaSocket, 'newMessage', (m) => m.content === 'after the outage', 1000).catch(() => null);
          await ashaSocket.timeout(5000).emitWithAck('sendMessage', { chatId: chat.id, content: 'after the outage' });
          return (await received) !== null;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);

    const caughtUp = (await nodeB.api<SyncResult>(priya.token, 'GET', `/api/sync?since=${encodeURIComponent(next)}`)).body.data;
    expect(caughtUp.messages.map((m) => m.content)).toContain('while redis is down');
    expect(caughtUp.messages.find((m) => m.content === 'while redis is down')!.id).toBe(during.messageId);
  }, 60_000);
});
