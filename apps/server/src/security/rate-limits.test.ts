import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from '@samvad/protocol';
import { emitWithAck, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_MESSAGES_PER_MIN: '3', RATE_LIMIT_CHATS_PER_HOUR: '2' } });
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
});
afterAll(() => server.close());

describe('rate limits (spec §9.3)', () => {
  it('refuses messages past the per-user limit with a retry time, over both transports, storing nothing', async () => {
    const chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id }))
      .body.data.chat;
    const socket = await server.connect(asha.token);
    for (let i = 0; i < 3; i++) {
      const ack = await emitWithAck<{ success: boolean }>(socket, 'sendMessage', { chatId: chat.id, content: `ok ${i}` });
      expect(ack.success).toBe(true);
    }
    const refused = await emitWithAck<{ success: boolean; error: { code: string; retryAfterMs: number } }>(socket, 'sendMessage', {
      chatId: chat.id,
      content: 'one too many',
    });
    expect(refused).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    const rest = await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'one too many' });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    const history = await server.api<{ messages: Message[] }>(priya.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(history.body.data.messages.map((m) => m.content)).toEqual(['ok 0', 'ok 1', 'ok 2']);
    // Another user is not affected.
    const other = await server.api(priya.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'mine' });
    expect(other.status).toBe(201);
  });

  it('limits chat creation per hour; re-opening an existing chat is free', async () => {
    const creator = await server.createUser('Creator', 'ADMIN');
    const people = await Promise.all([1, 2, 3].map((i) => server.createUser(`Person ${i}`)));
    for (const p of people.slice(0, 2)) {
      expect((await server.api(creator.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: p.user.id })).status).toBe(201);
    }
    const third = await server.api(creator.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: people[2]!.user.id });
    expect(third.status).toBe(429);
    const again = await server.api(creator.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: people[0]!.user.id });
    expect(again.status).toBe(200);
    const list = await server.api<{ chats: Chat[] }>(creator.token, 'GET', '/api/chats');
    expect(list.body.data.chats).toHaveLength(2);
  });
});
