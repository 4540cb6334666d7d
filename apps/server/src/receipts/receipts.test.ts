import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, MessageStatusUpdate, Recipient } from '@samvad/protocol';
import { emitWithAck, nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

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

const openDirect = async (a: TestUser, b: TestUser) =>
  (await server.api<{ chat: Chat }>(a.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: b.user.id })).body.data.chat;
const send = async (from: TestUser, chatId: string, content: string) =>
  (await server.api<{ message: Message }>(from.token, 'POST', `/api/chats/${chatId}/messages`, { content })).body.data.message;
const history = async (who: TestUser, chatId: string) =>
  (await server.api<{ messages: Message[] }>(who.token, 'GET', `/api/chats/${chatId}/messages`)).body.data.messages;

describe('receipts in a one-on-one chat', () => {
  it('turns the sender’s ticks DELIVERED then READ, up to and including the acknowledged message', async () => {
    const chat = await openDirect(asha, priya);
    const ashaSocket = await server.connect(asha.token);
    const priyaSocket = await server.connect(priya.token);
    const m1 = await send(asha, chat.id, 'one');
    const m2 = await send(asha, chat.id, 'two');
    const m3 = await send(asha, chat.id, 'three');

    const delivered = nextEvent(ashaSocket, 'messageStatusUpdated', (e) => e.status === 'DELIVERED');
    const ack = await emitWithAck<{ success: boolean; upToSeq: number }>(priyaSocket, 'messageDelivered', { messageId: m2.id });
    expect(ack).toMatchObject({ success: true, upToSeq: m2.seq });
    expect(await delivered).toMatchObject({
      chatId: chat.id,
      messageId: m2.id,
      status: 'DELIVERED',
      upToSeq: m2.seq,
      userId: priya.user.id,
    });
    expect((await history(asha, chat.id)).map((m) => m.status)).toEqual(['DELIVERED', 'DELIVERED', 'SENT']);

    const read = nextEvent(ashaSocket, 'messageStatusUpdated', (e) => e.status === 'READ');
    await emitWithAck(priyaSocket, 'messageRead', { messageId: m3.id });
    expect(await read).toMatchObject({ status: 'READ', upToSeq: m3.seq });
    expect((await history(asha, chat.id)).map((m) => m.status)).toEqual(['READ', 'READ', 'READ']);
    expect((await history(priya, chat.id)).every((m) => m.status === null)).toBe(true);

    const info = await server.api<{ recipients: Recipient[] }>(asha.token, 'GET', `/api/messages/${m1.id}/info`);
    expect(info.body.data.recipients).toHaveLength(1);
    expect(info.body.data.recipients[0]).toMatchObject({ userId: priya.user.id, name: 'Priya' });
    expect(info.body.data.recipients[0]!.deliveredAt).not.toBeNull();
    expect(info.body.data.recipients[0]!.readAt).not.toBeNull();
    expect((await server.api(priya.token, 'GET', `/api/messages/${m1.id}/info`)).status).toBe(403);
    expect((await server.api(ravi.token, 'GET', `/api/messages/${m1.id}/info`)).status).toBe(404);
  });

  it('counts unread messages of others and clears them on read', async () => {
    const chat = await openDirect(ravi, priya);
    await send(ravi, chat.id, 'a');
    const last = await send(ravi, chat.id, 'b');
    await send(priya, chat.id, 'mine does not count');
    const unread = await server.api<{ unreadCount: number }>(priya.token, 'GET', `/api/chats/${chat.id}/unread`);
    expect(unread.body.data.unreadCount).toBe(2);
    const total = await server.api<{ unreadCount: number; chats: { chatId: string; unreadCount: number }[] }>(
      priya.token,
      'GET',
      '/api/unread',
    );
    expect(total.body.data.chats).toContainEqual({ chatId: chat.id, unreadCount: 2 });
    const read = await server.api(priya.token, 'PUT', `/api/messages/${last.id}/read`);
    expect(read.status).toBe(200);
    expect((await server.api<{ unreadCount: number }>(priya.token, 'GET', `/api/chats/${chat.id}/unread`)).body.data.unreadCount).toBe(0);
    await send(ravi, chat.id, 'c');
    const whole = await server.api<{ unreadCount: number }>(priya.token, 'PUT', `/api/chats/${chat.id}/read`);
    expect(whole.body.data.unreadCount).toBe(0);
    const list = await server.api<{ chats: Chat[] }>(ravi.token, 'GET', '/api/chats');
    expect(list.body.data.chats.find((c) => c.id === chat.id)).toMatchObject({ readUpToSeq: 4, deliveredUpToSeq: 4 });
  });

  it('refuses receipts from outsiders without telling anyone', async () => {
    const chat = await openDirect(asha, priya);
    const m = await send(asha, chat.id, 'private');
    const outsider = await server.connect(ravi.token);
    const ack = await emitWithAck<{ success: boolean; error: { code: string } }>(outsider, 'messageRead', { messageId: m.id });
    expect(ack).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect((await server.api(ravi.token, 'PUT', `/api/messages/${m.id}/read`)).status).toBe(404);
  });
});

describe('receipts in a group', () => {
  it('marks a message READ only when every other current member has read it', async () => {
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
        type: 'GROUP',
        name: 'Crew',
        participantIds: [priya.user.id, ravi.user.id],
      })
    ).body.data.chat;
    const ashaSocket = await server.connect(asha.token);
    const priyaSocket = await server.connect(priya.token);
    const raviSocket = await server.connect(ravi.token);
    const m = await send(asha, group.id, 'meeting at 3');
    const updates: MessageStatusUpdate[] = [];
    ashaSocket.on('messageStatusUpdated', (u) => updates.push(u));
    await emitWithAck(priyaSocket, 'messageRead', { messageId: m.id });
    await new Promise((r) => setTimeout(r, 150));
    expect(updates.filter((u) => u.status === 'READ')).toHaveLength(0);
    expect((await history(asha, group.id)).find((x) => x.id === m.id)!.status).toBe('SENT');
    const read = nextEvent(ashaSocket, 'messageStatusUpdated', (e) => e.status === 'READ');
    await emitWithAck(raviSocket, 'messageRead', { messageId: m.id });
    expect(await read).toMatchObject({ chatId: group.id, status: 'READ', upToSeq: m.seq, userId: ravi.user.id });
    expect((await history(asha, group.id)).find((x) => x.id === m.id)!.status).toBe('READ');
    const info = await server.api<{ recipients: Recipient[] }>(asha.token, 'GET', `/api/messages/${m.id}/info`);
    expect(info.body.data.recipients.map((r) => r.name)).toEqual(['Priya', 'Ravi']);
    expect(info.body.data.recipients.every((r) => r.readAt && r.deliveredAt)).toBe(true);
  });

  it('receipts of many members at once: every sender ends READ exactly up to its messages, never backwards', async () => {
    const meera = await server.createUser('Meera');
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
        type: 'GROUP',
        name: 'Many readers',
        participantIds: [priya.user.id, ravi.user.id, meera.user.id],
      })
    ).body.data.chat;
    const sockets = await Promise.all([asha, priya, ravi, meera].map((u) => server.connect(u.token)));
    const [ashaSocket, priyaSocket] = sockets;
    const updates = new Map<string, MessageStatusUpdate[]>([
      ['asha', []],
      ['priya', []],
    ]);
    ashaSocket!.on('messageStatusUpdated', (u) => updates.get('asha')!.push(u));
    priyaSocket!.on('messageStatusUpdated', (u) => updates.get('priya')!.push(u));
    await send(asha, group.id, 'one');
    const fromPriya = await send(priya, group.id, 'two');
    const last = await send(asha, group.id, 'three');
    // Everyone reads the last message in the same moment: these land in one batch (or a few).
    await Promise.all(sockets.map((s) => emitWithAck(s, 'messageRead', { messageId: last.id })));
    await new Promise((r) => setTimeout(r, 300));
    for (const who of ['asha', 'priya'] as const) {
      const reads = updates.get(who)!.filter((u) => u.status === 'READ');
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.map((u) => u.upToSeq)).toEqual([...reads.map((u) => u.upToSeq)].sort((a, b) => a - b));
      expect(reads.at(-1)!.upToSeq).toBe(last.seq);
      expect(reads.every((u) => u.chatId === group.id && u.userId !== (who === 'asha' ? asha.user.id : priya.user.id))).toBe(true);
    }
    expect(
      (await history(asha, group.id)).filter((m) => m.sender?.id === asha.user.id && m.messageType === 'TEXT').map((m) => m.status),
    ).toEqual(['READ', 'READ']);
    expect((await history(priya, group.id)).find((m) => m.id === fromPriya.id)!.status).toBe('READ');
  });
});
