import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { collect, emitWithAck, nextEvent, sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let stranger: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  stranger = await server.createUser('Stranger');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

describe('presence', () => {
  it('is online while any tab is connected, announced only to people who share a chat', async () => {
    const watcher = await server.connect(asha.token);
    const outsider = await server.connect(stranger.token);
    const outsiderEvents = collect(outsider, 'userOnline');
    const outsiderOffline = collect(outsider, 'userOffline');
    const online = nextEvent(watcher, 'userOnline', (e) => e.userId === priya.user.id);
    const tab1 = await server.connect(priya.token);
    expect(await online).toEqual({ userId: priya.user.id, userName: 'Priya' });
    const tab2 = await server.connect(priya.token);
    const offlineEvents = collect(watcher, 'userOffline');
    tab1.disconnect();
    await sleep(200);
    expect(offlineEvents).toHaveLength(0);
    let list = await server.api<{ chats: Chat[] }>(asha.token, 'GET', '/api/chats');
    expect(list.body.data.chats[0]!.participants.find((p) => p.id === priya.user.id)!.isOnline).toBe(true);
    const offline = nextEvent(watcher, 'userOffline', (e) => e.userId === priya.user.id);
    tab2.disconnect();
    const event = await offline;
    expect(event.userName).toBe('Priya');
    expect(Date.parse(event.lastSeen)).not.toBeNaN();
    list = await server.api<{ chats: Chat[] }>(asha.token, 'GET', '/api/chats');
    const p = list.body.data.chats[0]!.participants.find((x) => x.id === priya.user.id)!;
    expect(p.isOnline).toBe(false);
    expect(p.lastSeen).toBe(event.lastSeen);
    expect(outsiderEvents.filter((e) => e.userId === priya.user.id)).toHaveLength(0);
    expect(outsiderOffline.filter((e) => e.userId === priya.user.id)).toHaveLength(0);
  });

  it('goOffline and goOnline switch the state of a connected user', async () => {
    const watcher = await server.connect(asha.token);
    const tab = await server.connect(priya.token);
    const offline = nextEvent(watcher, 'userOffline', (e) => e.userId === priya.user.id);
    await emitWithAck(tab, 'goOffline');
    await offline;
    const online = nextEvent(watcher, 'userOnline', (e) => e.userId === priya.user.id);
    await emitWithAck(tab, 'goOnline');
    await online;
    tab.disconnect();
  });
});

describe('typing', () => {
  it('shows the typist to the other members only and stops on request, on send and on disconnect', async () => {
    const ashaSocket = await server.connect(asha.token);
    const priyaTab1 = await server.connect(priya.token);
    const priyaTab2 = await server.connect(priya.token);
    const ownTabSees = collect(priyaTab2, 'userTyping');
    const typing = nextEvent(ashaSocket, 'userTyping');
    await emitWithAck(priyaTab1, 'typing', { chatId: chat.id, isTyping: true });
    expect(await typing).toEqual({ chatId: chat.id, userId: priya.user.id, userName: 'Priya' });
    const stopped = nextEvent(ashaSocket, 'userStoppedTyping');
    await emitWithAck(priyaTab1, 'typing', { chatId: chat.id, isTyping: false });
    expect(await stopped).toEqual({ chatId: chat.id, userId: priya.user.id, userName: 'Priya' });

    await emitWithAck(priyaTab1, 'typing', { chatId: chat.id, isTyping: true });
    const stoppedBySend = nextEvent(ashaSocket, 'userStoppedTyping');
    await emitWithAck(priyaTab1, 'sendMessage', { chatId: chat.id, content: 'done typing' });
    await stoppedBySend;

    await emitWithAck(priyaTab1, 'typing', { chatId: chat.id, isTyping: true });
    const stoppedByDisconnect = nextEvent(ashaSocket, 'userStoppedTyping');
    priyaTab1.disconnect();
    priyaTab2.disconnect();
    await stoppedByDisconnect;
    expect(ownTabSees).toHaveLength(0);
  });

  it('stops by itself 5 s after the last typing event', async () => {
    const ashaSocket = await server.connect(asha.token);
    const priyaSocket = await server.connect(priya.token);
    const started = nextEvent(ashaSocket, 'userTyping');
    await emitWithAck(priyaSocket, 'typing', { chatId: chat.id, isTyping: true });
    await started;
    const at = Date.now();
    await nextEvent(ashaSocket, 'userStoppedTyping', () => true, 7000);
    const elapsed = Date.now() - at;
    expect(elapsed).toBeGreaterThanOrEqual(4800);
    expect(elapsed).toBeLessThan(6500);
  });
});
