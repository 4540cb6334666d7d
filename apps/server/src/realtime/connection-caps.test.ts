/**
 * One user's token, or one address, cannot hold an unbounded number of connections (issue 17.2);
 * health and other users are answered throughout.
 */
import { Socket as EngineSocket } from 'engine.io-client';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ClientSocket, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let priya: TestUser;
let ravi: TestUser;

beforeAll(async () => {
  server = await startTestServer({ env: { SOCKETS_PER_USER: '5', SOCKET_HANDSHAKES_PER_ADDRESS: '6' } });
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
});
afterAll(() => server.close());

describe('sockets per user', () => {
  it('refuses the socket after the cap with TOO_MANY_CONNECTIONS, and takes one again when one closes', async () => {
    const open: ClientSocket[] = [];
    for (let i = 0; i < 5; i++) open.push(await server.connect(priya.token));
    await expect(server.connect(priya.token)).rejects.toThrow('TOO_MANY_CONNECTIONS');
    // Others are not affected, nor is health.
    (await server.connect(ravi.token)).disconnect();
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(200);
    open.pop()!.disconnect();
    await expect
      .poll(async () =>
        server
          .connect(priya.token)
          .then((s) => (open.push(s), true))
          .catch(() => false),
      )
      .toBe(true);
    for (const socket of open) socket.disconnect();
  });

  it('holds under a burst of handshakes at once', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 15 }, () => server.connect(priya.token)));
    const connected = attempts.filter((a) => a.status === 'fulfilled').map((a) => (a as PromiseFulfilledResult<ClientSocket>).value);
    // A socket past the cap may be let through the handshake and closed right after it: count the live ones.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connected.filter((s) => s.connected).length).toBeLessThanOrEqual(5);
    expect(connected.filter((s) => s.connected).length).toBeGreaterThan(0);
    for (const socket of connected) socket.disconnect();
  });
});

describe('connections that have not signed in, per address', () => {
  it('are capped; closing them frees the address', async () => {
    const waiting: EngineSocket[] = [];
    const openRaw = () =>
      new Promise<EngineSocket>((resolve, reject) => {
        const raw = new EngineSocket(server.url, { transports: ['websocket'], path: '/socket.io/' });
        raw.once('open', () => resolve(raw));
        raw.once('error', (error) => reject(error));
      });
    // Engine connections that never join the namespace (never sign in).
    for (let i = 0; i < 6; i++) waiting.push(await openRaw());
    await expect(openRaw()).rejects.toBeTruthy();
    const socket = connectSocket(server.url, {
      auth: { token: ravi.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const refused = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    socket.close();
    expect(refused).toBe('refused');
    expect((await server.api(ravi.token, 'GET', '/api/chats')).status).toBe(200);
    for (const raw of waiting) raw.close();
    await expect
      .poll(async () =>
        server
          .connect(ravi.token)
          .then((s) => (s.disconnect(), true))
          .catch(() => false),
      )
      .toBe(true);
  });
});
