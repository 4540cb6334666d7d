import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitWithAck, sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createGroupChat } from '../test/factories.js';
import type { GroupCommitStats } from '../db/group-commit.js';

interface Metrics {
  sockets: number;
  rooms: number;
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
  sendBatches: GroupCommitStats;
  receiptBatches: GroupCommitStats;
}

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
});
afterAll(() => server.close());

const metrics = async () => (await server.api<{ metrics: Metrics }>(asha.token, 'GET', '/api/admin/metrics')).body.data.metrics;

describe('GET /api/admin/metrics', () => {
  it('is for admins only', async () => {
    expect((await server.api(null, 'GET', '/api/admin/metrics')).status).toBe(401);
    const refused = await server.api(priya.token, 'GET', '/api/admin/metrics');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('counts sockets and rooms, and rooms go back to where they were when sockets come and go', async () => {
    await createGroupChat(server, asha, 'Field', [priya, ravi]);
    const before = await metrics();
    expect(before.rssBytes).toBeGreaterThan(0);
    const sockets = await Promise.all([priya, ravi, priya].map((u) => server.connect(u.token)));
    const during = await metrics();
    expect(during.sockets).toBe(before.sockets + 3);
    // Three socket rooms, two user rooms, the group's room.
    expect(during.rooms).toBe(before.rooms + 6);
    for (let round = 0; round < 3; round++) {
      sockets.forEach((s) => s.disconnect());
      await sleep(50);
      sockets.splice(0, 3, ...(await Promise.all([priya, ravi, priya].map((u) => server.connect(u.token)))));
    }
    expect(await metrics()).toMatchObject({ sockets: during.sockets, rooms: during.rooms });
    sockets.forEach((s) => s.disconnect());
    await expect.poll(async () => (await metrics()).rooms).toBe(before.rooms);
  });

  it('counts the group-committed sends and receipts', async () => {
    const chat = await createGroupChat(server, asha, 'Batches', [priya]);
    const before = await metrics();
    const [ashaSocket, priyaSocket] = await Promise.all([server.connect(asha.token), server.connect(priya.token)]);
    try {
      const acks = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          emitWithAck<{ success: boolean; messageId: string }>(ashaSocket, 'sendMessage', { chatId: chat.id, content: `m${i}` }),
        ),
      );
      expect(acks.every((a) => a.success)).toBe(true);
      const delivered = await emitWithAck<{ success: boolean }>(priyaSocket, 'messageDelivered', { messageId: acks[11]!.messageId });
      expect(delivered.success).toBe(true);
      const after = await metrics();
      expect(after.sendBatches.items - before.sendBatches.items).toBe(12);
      // Sent together, they queued behind the first write: fewer batches than messages.
      expect(after.sendBatches.batches - before.sendBatches.batches).toBeLessThan(12);
      expect(after.sendBatches.largestBatch).toBeGreaterThan(1);
      expect(after.sendBatches).toMatchObject({ failedBatches: 0, queued: 0 });
      expect(after.receiptBatches.items - before.receiptBatches.items).toBe(1);
      expect(after.receiptBatches.failedBatches).toBe(0);
    } finally {
      ashaSocket.disconnect();
      priyaSocket.disconnect();
    }
  });
});
