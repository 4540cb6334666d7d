/**
 * Frames emitted to a socket in one turn of the event loop leave in one write to the TCP socket
 * (coalesce.ts), and arrive complete and in order. This also guards the engine.io internals that
 * coalescing reaches into: if an upgrade moved them, this fails.
 */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { userRoom } from './rooms.js';

let server: TestServer;
let asha: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
});
afterAll(() => server.close());

interface EngineInternals {
  transport: { name: string; socket: { _socket: net.Socket } };
}

describe('coalesced socket writes', () => {
  it('sends twenty frames of one turn in one write, in order', async () => {
    const client = await server.connect(asha.token);
    const [serverSocket] = await server.app.ctx.io.in(userRoom(asha.user.id)).fetchSockets();
    const conn = (serverSocket as unknown as { conn: EngineInternals }).conn;
    expect(conn.transport.name).toBe('websocket');
    const tcp = conn.transport.socket._socket;
    let writes = 0;
    const original = { write: tcp._write, writev: tcp._writev };
    tcp._write = function (...args: Parameters<net.Socket['_write']>) {
      writes += 1;
      return original.write.apply(this, args);
    };
    tcp._writev = function (...args: Parameters<NonNullable<net.Socket['_writev']>>) {
      writes += 1;
      return original.writev!.apply(this, args);
    };
    try {
      const received = collect(client, 'userOnline');
      for (let i = 0; i < 20; i++)
        server.app.ctx.io.to(userRoom(asha.user.id)).emit('userOnline', { userId: String(i), userName: `n${i}` });
      await expect.poll(() => received.length).toBe(20);
      expect(received.map((e) => e.userId)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
      expect(writes).toBe(1);
      // A lone frame later is not held back.
      server.app.ctx.io.to(userRoom(asha.user.id)).emit('userOnline', { userId: 'later', userName: 'later' });
      await expect.poll(() => received.length).toBe(21);
      await sleep(10);
      expect(writes).toBe(2);
    } finally {
      tcp._write = original.write;
      tcp._writev = original.writev;
    }
  });
});
