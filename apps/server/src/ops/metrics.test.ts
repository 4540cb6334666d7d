import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createGroupChat } from '../test/factories.js';

interface Metrics {
  sockets: number;
  rooms: number;
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
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
});
