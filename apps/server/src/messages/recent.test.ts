import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, createGroupChat, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let omar: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  omar = await server.createUser('Omar');
});
afterAll(() => server.close());

const recent = async (user: TestUser, limit?: number) => {
  const res = await server.api<{ messages: Message[] }>(user.token, 'GET', `/api/messages/recent${limit ? `?limit=${limit}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.data.messages.map((m) => m.content);
};

describe('GET /api/messages/recent', () => {
  it('lists others’ latest visible messages across chats, newest first, without own, SYSTEM, deleted or hidden ones', async () => {
    const group = await createGroupChat(server, asha, 'Widget', [priya]);
    const direct = await createDirectChat(server, asha, priya);
    const foreign = await createDirectChat(server, priya, omar);
    await send(server, priya, group.id, 'one');
    server.clock.advance(1000);
    await send(server, priya, direct.id, 'two');
    server.clock.advance(1000);
    await send(server, asha, direct.id, 'mine');
    await send(server, omar, foreign.id, 'not for asha');
    server.clock.advance(1000);
    const deleted = await send(server, priya, group.id, 'deleted');
    const hidden = await send(server, priya, direct.id, 'hidden');
    await server.api(priya.token, 'DELETE', `/api/messages/${deleted.id}?for=everyone`);
    await server.api(asha.token, 'DELETE', `/api/messages/${hidden.id}?for=me`);
    server.clock.advance(1000);
    await send(server, priya, group.id, 'three');

    expect(await recent(asha)).toEqual(['three', 'two', 'one']);
    expect(await recent(asha, 2)).toEqual(['three', 'two']);
    expect(await recent(omar)).toEqual([]);
    expect((await server.api(asha.token, 'GET', '/api/messages/recent?limit=0')).status).toBe(400);
  });
});
