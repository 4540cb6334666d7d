import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from '@samvad/protocol';
import { collect, emitWithAck, nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  const created = await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id });
  expect(created.status).toBe(201);
  chat = created.body.data.chat;
});
afterAll(() => server.close());

describe('sending messages', () => {
  it('acknowledges after commit and pushes newMessage to the other member and the sender’s other tabs', async () => {
    const ashaTab1 = await server.connect(asha.token);
    const ashaTab2 = await server.connect(asha.token);
    const priyaSocket = await server.connect(priya.token);
    const atPriya = nextEvent(priyaSocket, 'newMessage');
    const atOtherTab = nextEvent(ashaTab2, 'newMessage');
    const ack = await emitWithAck<{ success: boolean; messageId: string; message: Message }>(ashaTab1, 'sendMessage', {
      chatId: chat.id,
      content: 'Hello Priya\nsecond line 👋',
    });
    expect(ack.success).toBe(true);
    expect(ack.message.id).toBe(ack.messageId);
    expect(ack.message.status).toBe('SENT');
    const received = await atPriya;
    expect(received).toMatchObject({
      id: ack.messageId,
      content: 'Hello Priya\nsecond line 👋',
      status: null,
      sender: { id: asha.user.id },
    });
    expect((await atOtherTab).id).toBe(ack.messageId);
    const stored = await server.api<{ messages: Message[] }>(priya.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(stored.body.data.messages.map((m) => m.id)).toContain(ack.messageId);
  });

  it('creates one message for retries with the same clientId', async () => {
    const socket = await server.connect(asha.token);
    const clientId = crypto.randomUUID();
    const first = await emitWithAck<{ messageId: string }>(socket, 'sendMessage', { chatId: chat.id, content: 'once', clientId });
    const second = await emitWithAck<{ messageId: string }>(socket, 'sendMessage', { chatId: chat.id, content: 'once', clientId });
    const viaRest = await server.api<{ message: Message }>(asha.token, 'POST', `/api/chats/${chat.id}/messages`, {
      content: 'once',
      clientId,
    });
    expect(second.messageId).toBe(first.messageId);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body.data.message.id).toBe(first.messageId);
    const page = await server.api<{ messages: Message[] }>(asha.token, 'GET', `/api/chats/${chat.id}/messages?limit=100`);
    expect(page.body.data.messages.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });

  it('answers retries sent while the first attempt still waits for its batch with that one message', async () => {
    const socket = await server.connect(asha.token);
    const clientId = crypto.randomUUID();
    const before = server.app.ctx.sendBatcher.stats();
    // Twenty sends at once: most queue behind the first batch, the retries among them.
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        emitWithAck<{ success: boolean; messageId: string }>(socket, 'sendMessage', {
          chatId: chat.id,
          content: i % 5 === 4 ? 'retried' : `burst ${i}`,
          clientId: i % 5 === 4 ? clientId : crypto.randomUUID(),
        }),
      ),
    );
    expect(acks.every((a) => a.success)).toBe(true);
    const retried = acks.filter((_, i) => i % 5 === 4).map((a) => a.messageId);
    expect(new Set(retried).size).toBe(1);
    expect(new Set(acks.map((a) => a.messageId)).size).toBe(17);
    const page = await server.api<{ messages: Message[] }>(asha.token, 'GET', `/api/chats/${chat.id}/messages?limit=100`);
    expect(page.body.data.messages.filter((m) => m.clientId === clientId).map((m) => m.id)).toEqual([retried[0]]);
    // The retries waited for their first attempt: no batch failed on the duplicate key.
    const after = server.app.ctx.sendBatcher.stats();
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.failedBatches).toBe(before.failedBatches);
    socket.disconnect();
  });

  it('gives concurrent senders gap-free seqs delivered in order', async () => {
    const group = await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'Order',
      participantIds: [priya.user.id, ravi.user.id],
    });
    const groupId = group.body.data.chat.id;
    const listener = await server.connect(ravi.token);
    const seen = collect(listener, 'newMessage');
    const a = await server.connect(asha.token);
    const p = await server.connect(priya.token);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => emitWithAck(i % 2 ? a : p, 'sendMessage', { chatId: groupId, content: `m${i}` })),
    );
    await expect.poll(() => seen.filter((m) => m.chatId === groupId && m.messageType !== 'SYSTEM').length).toBe(20);
    const seqs = seen.filter((m) => m.chatId === groupId).map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const page = await server.api<{ messages: Message[] }>(ravi.token, 'GET', `/api/chats/${groupId}/messages`);
    const all = page.body.data.messages.map((m) => m.seq);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it('refuses empty, oversized and malformed messages and changes nothing', async () => {
    const socket = await server.connect(asha.token);
    const before = await server.api<{ messages: Message[] }>(asha.token, 'GET', `/api/chats/${chat.id}/messages?limit=100`);
    for (const payload of [
      { chatId: chat.id, content: '   ' },
      { chatId: chat.id, content: 'x'.repeat(5001) },
      { chatId: 'not-a-uuid', content: 'hi' },
      { chatId: chat.id, content: 42 },
      null,
    ]) {
      const ack = await emitWithAck<{ success: boolean; error: { code: string } }>(socket, 'sendMessage', payload);
      expect(ack).toMatchObject({ success: false, error: { code: 'VALIDATION' } });
    }
    const rest = await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, '{"content": ');
    expect(rest.status).toBe(400);
    expect(rest.body.error.code).toBe('VALIDATION');
    const ok5000 = await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'y'.repeat(5000) });
    expect(ok5000.status).toBe(201);
    const after = await server.api<{ messages: Message[] }>(asha.token, 'GET', `/api/chats/${chat.id}/messages?limit=100`);
    expect(after.body.data.messages.length).toBe(before.body.data.messages.length + 1);
  });

  it('keeps outsiders out: REST answers NOT_FOUND, sockets FORBIDDEN, and nobody receives anything', async () => {
    const priyaSocket = await server.connect(priya.token);
    const leaked = collect(priyaSocket, 'newMessage');
    const outsider = await server.connect(ravi.token);
    const ack = await emitWithAck<{ success: boolean; error: { code: string } }>(outsider, 'sendMessage', {
      chatId: chat.id,
      content: 'sneaky',
    });
    expect(ack).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const rest = await server.api(ravi.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'sneaky' });
    expect(rest.status).toBe(404);
    expect(rest.body.error.code).toBe('NOT_FOUND');
    for (const route of [
      `/api/chats/${chat.id}`,
      `/api/chats/${chat.id}/messages`,
      `/api/chats/${chat.id}/participants`,
      `/api/chats/${chat.id}/unread`,
    ]) {
      const answer = await server.api(ravi.token, 'GET', route);
      expect(answer.status, route).toBe(404);
    }
    const typing = await emitWithAck<{ success: boolean; error: { code: string } }>(outsider, 'typing', {
      chatId: chat.id,
      isTyping: true,
    });
    expect(typing.error.code).toBe('FORBIDDEN');
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked.filter((m) => m.content === 'sneaky')).toHaveLength(0);
  });

  it('refuses sockets without a valid token', async () => {
    await expect(server.connect('nonsense')).rejects.toThrow('UNAUTHORIZED');
    const me = await server.api(null, 'GET', '/api/auth/me');
    expect(me.status).toBe(401);
  });
});
