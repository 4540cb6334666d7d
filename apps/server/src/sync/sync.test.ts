import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, SyncResult } from '@samvad/protocol';
import { emitWithAck, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

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

const syncFrom = async (who: TestUser, since?: string) =>
  (await server.api<SyncResult>(who.token, 'GET', `/api/sync${since ? `?since=${encodeURIComponent(since)}` : ''}`)).body.data;

/** Follows `next` while `hasMore`, as a client does after reconnecting. */
async function catchUp(who: TestUser, since: string) {
  const messages = new Map<string, Message>();
  const chats = new Map<string, Chat>();
  const removed = new Set<string>();
  let token = since;
  for (let i = 0; i < 50; i++) {
    const page = await syncFrom(who, token);
    for (const m of page.messages) messages.set(m.id, m);
    for (const c of page.chats) chats.set(c.id, c);
    for (const id of page.removedChatIds) removed.add(id);
    token = page.next;
    if (!page.hasMore) break;
  }
  return { messages, chats, removed, token };
}

describe('GET /api/sync', () => {
  it('without a token answers only the current token', async () => {
    const first = await syncFrom(priya);
    expect(first).toMatchObject({ messages: [], chats: [], removedChatIds: [], hasMore: false });
    expect(typeof first.next).toBe('string');
    const bad = await server.api(priya.token, 'GET', '/api/sync?since=garbage');
    expect(bad.status).toBe(400);
  });

  it('brings an offline client up to date: new messages, receipts and chat changes, each once', async () => {
    const chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id }))
      .body.data.chat;
    const before = await server.api<{ message: Message }>(asha.token, 'POST', `/api/chats/${chat.id}/messages`, {
      content: 'seen already',
    });
    const { next: token } = await syncFrom(priya);
    // Priya is offline now. Asha sends; Priya's other device reads one.
    const sent: Message[] = [];
    for (let i = 0; i < 5; i++) {
      sent.push(
        (await server.api<{ message: Message }>(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { content: `while away ${i}` })).body
          .data.message,
      );
    }
    await server.api(priya.token, 'PUT', `/api/messages/${sent[1]!.id}/read`);
    await server.api(asha.token, 'PUT', `/api/chats/${chat.id}`, { isPinned: true });

    const priyaView = await catchUp(priya, token);
    expect([...priyaView.messages.keys()].sort()).toEqual(sent.map((m) => m.id).sort());
    expect(priyaView.messages.has(before.body.data.message.id)).toBe(false);
    const chatView = priyaView.chats.get(chat.id)!;
    expect(chatView.unreadCount).toBe(3);
    expect(chatView.lastMessage!.id).toBe(sent[4]!.id);

    // Asha's view shows the read receipt position through the chat object.
    const ashaFirst = await syncFrom(asha);
    await server.api(priya.token, 'PUT', `/api/messages/${sent[4]!.id}/read`);
    const ashaView = await catchUp(asha, ashaFirst.next);
    expect(ashaView.chats.get(chat.id)!.readUpToSeq).toBe(sent[4]!.seq);

    // Nothing new: the next call returns nothing, and nothing twice.
    const again = await syncFrom(priya, priyaView.token);
    expect(again.messages).toHaveLength(0);
  });

  it('pages through many changes with hasMore and never repeats or drops one', async () => {
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'GROUP', name: 'Busy', participantIds: [ravi.user.id] })
    ).body.data.chat;
    const { next: token } = await syncFrom(ravi);
    const socket = await server.connect(asha.token);
    const ids: string[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const acks = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          emitWithAck<{ messageId: string }>(socket, 'sendMessage', { chatId: group.id, content: `n${batch * 100 + i}` }),
        ),
      );
      ids.push(...acks.map((a) => a.messageId));
    }
    const seen: string[] = [];
    let cursor = token;
    let pages = 0;
    for (;;) {
      const page = await syncFrom(ravi, cursor);
      pages += 1;
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.next;
      if (!page.hasMore) break;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('misses nothing committed while a sync was running (concurrent writers)', async () => {
    const chat = (await server.api<{ chat: Chat }>(ravi.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id }))
      .body.data.chat;
    let token = (await syncFrom(priya)).next;
    const socket = await server.connect(ravi.token);
    const sentIds = new Set<string>();
    const received = new Set<string>();
    const writer = (async () => {
      for (let i = 0; i < 60; i++) {
        const ack = await emitWithAck<{ messageId: string }>(socket, 'sendMessage', { chatId: chat.id, content: `c${i}` });
        sentIds.add(ack.messageId);
      }
    })();
    let writerDone = false;
    void writer.then(() => (writerDone = true));
    while (!writerDone) {
      const page = await syncFrom(priya, token);
      for (const m of page.messages) {
        expect(received.has(m.id)).toBe(false);
        received.add(m.id);
      }
      token = page.next;
    }
    await writer;
    const rest = await catchUp(priya, token);
    for (const id of rest.messages.keys()) received.add(id);
    expect(received).toEqual(sentIds);
  });

  it('reports chats the user left or deleted as removed, and stops sending them their messages', async () => {
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
        type: 'GROUP',
        name: 'Temp',
        participantIds: [priya.user.id, ravi.user.id],
      })
    ).body.data.chat;
    const direct = (
      await server.api<{ chat: Chat }>(priya.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: ravi.user.id })
    ).body.data.chat;
    const { next } = await syncFrom(priya);
    expect((await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${priya.user.id}`)).status).toBe(200);
    expect((await server.api(priya.token, 'DELETE', `/api/chats/${direct.id}`)).status).toBe(200);
    await server.api(asha.token, 'POST', `/api/chats/${group.id}/messages`, { content: 'after removal' });
    const view = await catchUp(priya, next);
    expect(view.removed).toEqual(new Set([group.id, direct.id]));
    expect([...view.messages.values()].some((m) => m.content === 'after removal')).toBe(false);
    expect([...view.messages.values()].some((m) => m.messageType === 'SYSTEM' && m.chatId === group.id)).toBe(true);
  });
});
