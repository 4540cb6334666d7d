/**
 * The authorization matrix: every REST route that names a chat, message or file — read from the
 * live Express route table, so a new route cannot be missed — called by a stranger, a former
 * member, a plain member (admin actions) and another member (sender-only actions). Each refusal
 * answers FORBIDDEN/NOT_FOUND, changes nothing in the database, and emits nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message } from '@samvad/protocol';
import { query } from '../db/client.js';
import { collect, emitWithAck, sleep, startTestServer, type ClientSocket, type TestServer, type TestUser } from '../test/harness.js';
import { routeTable, type RouteEntry } from '../test/route-table.js';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: TestServer;
let asha: TestUser; // ADMIN, group admin
let priya: TestUser; // member, sender of `message`
let ravi: TestUser; // plain member
let former: TestUser; // removed from the group
let stranger: TestUser;
let group: Chat;
let strangersOwnChat: Chat;
let message: Message;
let attachmentId: string | undefined;
let watchers: ClientSocket[];
let routes: RouteEntry[];

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  former = await server.createUser('Former');
  stranger = await server.createUser('Stranger');
  group = (
    await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'Private',
      participantIds: [priya.user.id, ravi.user.id, former.user.id],
    })
  ).body.data.chat;
  strangersOwnChat = (
    await server.api<{ chat: Chat }>(stranger.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: asha.user.id })
  ).body.data.chat;
  message = (await server.api<{ message: Message }>(priya.token, 'POST', `/api/chats/${group.id}/messages`, { content: 'secret' })).body
    .data.message;
  routes = routeTable(server);
  if (routes.some((r) => r.method === 'POST' && r.path === '/api/chats/:id/upload')) {
    const form = new FormData();
    form.append('file', new Blob([PNG_1X1], { type: 'image/png' }), 'dot.png');
    const upload = await fetch(`${server.url}/api/chats/${group.id}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${priya.token}` },
      body: form,
    });
    const uploaded = (await upload.json()) as { data: { attachment: { attachmentId: string } } };
    attachmentId = uploaded.data.attachment.attachmentId;
    await server.api(priya.token, 'POST', `/api/chats/${group.id}/messages`, { attachmentId });
  }
  await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${former.user.id}`);
  watchers = await Promise.all([asha, priya, ravi].map((u) => server.connect(u.token)));
});
afterAll(() => server.close());

/** A fingerprint of everything a refused request must not change. */
async function snapshot(): Promise<string> {
  const tables = ['users', 'chats', 'chat_participants', 'messages', 'reactions', 'message_hides', 'attachments', 'receipt_events'];
  const parts = await Promise.all(
    tables.map(
      async (t) =>
        (
          await query<{ h: string }>(
            server.database.db,
            sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${t} t`),
          )
        )[0]!.h,
    ),
  );
  return parts.join(',');
}

const BODIES: Record<string, unknown> = {
  'POST /api/chats/:id/messages': { content: 'intruder' },
  'PUT /api/chats/:id': { name: 'Taken over' },
  'POST /api/chats/:id/participants': { userIds: [] },
  'PUT /api/chats/:id/participants/:userId': { chatRole: 'ADMIN' },
  'PUT /api/messages/:id': { content: 'edited by someone else' },
  'POST /api/messages/:id/reactions': { emoji: '👍' },
  'POST /api/messages/:id/forward': { chatIds: [] },
};

function materialise(entry: RouteEntry, ids: { userId: string }): { url: string; body: unknown } | null {
  if (entry.path.startsWith('/api/users') || entry.path.startsWith('/api/auth')) return null;
  let url = entry.path;
  if (url.startsWith('/api/chats/:id')) url = url.replace(':id', group.id);
  else if (url.startsWith('/api/messages/:id')) url = url.replace(':id', message.id);
  else if (url.startsWith('/api/files/:id')) {
    if (!attachmentId) return null;
    url = url.replace(':id', attachmentId);
  } else return null;
  url = url.replace(':userId', ids.userId);
  if (url.includes(':')) throw new Error(`no value for a parameter of ${entry.method} ${entry.path}`);
  let body = BODIES[`${entry.method} ${entry.path}`];
  if (entry.path === '/api/chats/:id/participants' && entry.method === 'POST') body = { userIds: [stranger.user.id] };
  if (entry.path === '/api/messages/:id/forward') body = { chatIds: [strangersOwnChat.id] };
  if (entry.method === 'DELETE' && entry.path === '/api/messages/:id') url += '?for=everyone';
  // A valid query, so that authorization (not validation) is what refuses the call.
  if (entry.path.endsWith('/search')) url += '?q=secret';
  return { url, body: body ?? (entry.method === 'GET' || entry.method === 'DELETE' ? undefined : {}) };
}

async function expectRefused(who: TestUser, entry: RouteEntry, codes: string[], userId: string) {
  const call = materialise(entry, { userId });
  if (!call) return false;
  const before = await snapshot();
  const seen = watchers.map((s) => collect(s, 'newMessage'));
  const answer = await server.api(who.token, entry.method, call.url, call.body);
  expect(
    codes.map((c) => ({ NOT_FOUND: 404, FORBIDDEN: 403 })[c]),
    `${entry.method} ${call.url} → ${answer.status}`,
  ).toContain(answer.status);
  expect(codes, `${entry.method} ${entry.path}`).toContain(answer.body.error.code);
  expect(await snapshot(), `${entry.method} ${entry.path} changed the database`).toBe(before);
  await sleep(20);
  expect(seen.flat(), `${entry.method} ${entry.path} emitted`).toHaveLength(0);
  return true;
}

describe('authorization matrix', () => {
  it('finds the routes to check', () => {
    const checked = routes.filter((r) => materialise(r, { userId: priya.user.id }) !== null);
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });

  it('a stranger gets NOT_FOUND on every route about a chat, message or file, and changes nothing', async () => {
    let count = 0;
    for (const entry of routes) if (await expectRefused(stranger, entry, ['NOT_FOUND'], priya.user.id)) count++;
    expect(count).toBeGreaterThanOrEqual(10);
  });

  it('a former member may only read what they saw and manage their own view', async () => {
    // Their own view of the chat: hide it, their settings, their read position, hiding for themselves.
    const ownView = new Set([
      'DELETE /api/chats/:id',
      'PUT /api/chats/:id/read',
      'PUT /api/messages/:id/read',
      'PUT /api/messages/:id/delivered',
    ]);
    for (const entry of routes) {
      if (entry.method === 'GET' || ownView.has(`${entry.method} ${entry.path}`)) continue;
      await expectRefused(former, entry, ['FORBIDDEN', 'NOT_FOUND'], priya.user.id);
    }
    const later = (
      await server.api<{ message: Message }>(asha.token, 'POST', `/api/chats/${group.id}/messages`, { content: 'after they left' })
    ).body.data.message;
    for (const route of [`/api/messages/${later.id}/info`, `/api/messages/${later.id}/read`]) {
      const answer = await server.api(former.token, route.endsWith('read') ? 'PUT' : 'GET', route);
      expect(answer.status, route).toBe(404);
    }
  });

  it('a plain member cannot do what group admins do', async () => {
    const adminOnly = routes.filter(
      (r) =>
        (r.path.startsWith('/api/chats/:id/participants') && r.method !== 'GET') ||
        (r.method === 'PUT' && r.path === '/api/chats/:id') ||
        (r.path === '/api/chats/:id/avatar' && r.method !== 'GET'),
    );
    expect(adminOnly.length).toBeGreaterThanOrEqual(5);
    for (const entry of adminOnly) await expectRefused(ravi, entry, ['FORBIDDEN'], priya.user.id);
  });

  it('another member cannot act as the sender', async () => {
    const senderOnly = routes.filter(
      (r) => r.path === '/api/messages/:id/info' || (r.path === '/api/messages/:id' && (r.method === 'PUT' || r.method === 'DELETE')),
    );
    for (const entry of senderOnly) await expectRefused(ravi, entry, ['FORBIDDEN'], priya.user.id);
  });

  it('socket events about a chat the caller is not in answer FORBIDDEN and reach no one', async () => {
    const socket = await server.connect(stranger.token);
    const seen = watchers.map((s) => [collect(s, 'newMessage'), collect(s, 'userTyping'), collect(s, 'messageStatusUpdated')]).flat(2);
    const before = await snapshot();
    const attempts: [string, unknown][] = [
      ['sendMessage', { chatId: group.id, content: 'hi' }],
      ['typing', { chatId: group.id, isTyping: true }],
      ['messageRead', { messageId: message.id }],
      ['messageDelivered', { messageId: message.id }],
    ];
    for (const [event, payload] of attempts) {
      const ack = await emitWithAck<{ success: boolean; error: { code: string } }>(socket, event as never, payload);
      expect(ack, event).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    }
    await sleep(50);
    expect(seen).toHaveLength(0);
    expect(await snapshot()).toBe(before);
  });
});
