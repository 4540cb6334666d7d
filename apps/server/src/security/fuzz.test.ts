/**
 * Malformed input never crashes the server nor answers 500: random and hostile payloads for every
 * client socket event and for REST bodies and queries. Deterministic (seeded) so failures reproduce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { emitWithAck, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

function hostileValues(random: () => number, chatId: string): unknown[] {
  const deep: Record<string, unknown> = {};
  let cursor = deep;
  for (let i = 0; i < 200; i++) cursor = (cursor.a = {}) as Record<string, unknown>;
  const base: unknown[] = [
    null,
    undefined,
    0,
    -1,
    1e308,
    NaN,
    true,
    '',
    ' ',
    'x'.repeat(60_000),
    '\u0000\uD800\uDFFF\uFFFE',
    "'; drop table messages; --",
    '../../etc/passwd',
    '<script>alert(1)</script>',
    [],
    [chatId],
    {},
    deep,
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    { chatId, content: { toString: 'x' } },
    { chatId, content: ['a'] },
    { chatId, content: 'ok', replyToId: 'nope' },
    { chatId, content: 'a NUL \u0000 inside' },
    { chatId, content: 'ok', context: deep },
    { chatId, isTyping: 'yes' },
    { messageId: chatId },
    { messageId: 12 },
  ];
  return [...base, ...Array.from({ length: 20 }, () => base[Math.floor(random() * base.length)])];
}

describe('fuzzing', () => {
  it('socket events answer VALIDATION/FORBIDDEN/NOT_FOUND, never INTERNAL, and the server stays healthy', async () => {
    const random = seededRandom(42);
    const socket = await server.connect(asha.token);
    const events = ['sendMessage', 'messageDelivered', 'messageRead', 'typing'] as const;
    for (const event of events) {
      for (const payload of hostileValues(random, chat.id)) {
        const ack = await emitWithAck<{ success: boolean; error?: { code: string } }>(socket, event, payload);
        if (!ack.success)
          expect(
            ['VALIDATION', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'],
            `${event} ${String(JSON.stringify(payload)).slice(0, 80)}`,
          ).toContain(ack.error!.code);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(socket.connected).toBe(true);
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(200);
  });

  it('REST bodies and queries never answer 500', async () => {
    const random = seededRandom(7);
    const routes: [string, string][] = [
      ['POST', '/api/chats'],
      ['PUT', `/api/chats/${chat.id}`],
      ['POST', `/api/chats/${chat.id}/messages`],
      ['POST', `/api/chats/${chat.id}/participants`],
      ['POST', '/api/users'],
      ['POST', '/api/auth/login'],
      ['PUT', '/api/me/settings'],
    ];
    for (const [method, route] of routes) {
      for (const body of hostileValues(random, chat.id)) {
        if (body === undefined || (typeof body === 'number' && !Number.isFinite(body))) continue;
        const answer = await server.api(asha.token, method, route, JSON.stringify(body));
        expect(answer.status, `${method} ${route} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(500);
        expect(answer.body.success).toBe(answer.status < 300);
      }
      const broken = await server.api(asha.token, method, route, '{"unterminated": ');
      expect(broken.status).toBe(400);
    }
    const queries = [
      '?limit=-5',
      '?limit=abc',
      '?before=%00',
      '?page=0',
      '?around=../../x',
      '?limit=1e9',
      '?filter[$ne]=1',
      '?q=' + 'a'.repeat(5000),
    ];
    for (const q of queries) {
      for (const route of [`/api/chats/${chat.id}/messages`, '/api/chats', '/api/users', '/api/sync', '/api/messages/recent']) {
        const answer = await server.api(asha.token, 'GET', `${route}${q}`);
        expect(answer.status, `${route}${q}`).toBeLessThan(500);
      }
    }
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(200);
  });
});
