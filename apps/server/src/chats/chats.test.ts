import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, Pagination } from '@samvad/protocol';
import { collect, nextEvent, sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let meera: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya Sharma');
  ravi = await server.createUser('Ravi Kumar');
  meera = await server.createUser('Meera');
});
afterAll(() => server.close());

const post = <T>(who: TestUser, route: string, body: unknown) => server.api<T>(who.token, 'POST', route, body);
const listFor = async (who: TestUser, query = '') =>
  (await server.api<{ chats: Chat[] }>(who.token, 'GET', `/api/chats${query}`)).body.data.chats;

describe('one-on-one chats', () => {
  it('are unique per pair, also under concurrent creation, and named after the other person', async () => {
    const attempts = await Promise.all([
      post<{ chat: Chat }>(priya, '/api/chats', { type: 'ONE_ON_ONE', participantId: ravi.user.id }),
      post<{ chat: Chat }>(ravi, '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id }),
      post<{ chat: Chat }>(priya, '/api/chats', { type: 'ONE_ON_ONE', participantId: ravi.user.id }),
    ]);
    const ids = new Set(attempts.map((a) => a.body.data.chat.id));
    expect(ids.size).toBe(1);
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(attempts.find((a) => a.body.data.chat.participants.length === 2)).toBeTruthy();
    const [priyaView] = (await listFor(priya)).filter((c) => ids.has(c.id));
    expect(priyaView!.name).toBe('Ravi Kumar');
    expect(priyaView!.isGroup).toBe(false);
    const [raviView] = (await listFor(ravi)).filter((c) => ids.has(c.id));
    expect(raviView!.name).toBe('Priya Sharma');
  });

  it('refuses yourself, unknown users and malformed bodies', async () => {
    expect((await post(priya, '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).status).toBe(400);
    expect((await post(priya, '/api/chats', { type: 'ONE_ON_ONE', participantId: crypto.randomUUID() })).status).toBe(404);
    expect((await post(priya, '/api/chats', { type: 'TRIO' })).status).toBe(400);
    expect((await post(priya, '/api/chats', [])).status).toBe(400);
  });

  it('tells the other person at once with chatCreated', async () => {
    const meeraSocket = await server.connect(meera.token);
    const created = nextEvent(meeraSocket, 'chatCreated');
    const answer = await post<{ chat: Chat }>(asha, '/api/chats', { type: 'ONE_ON_ONE', participantId: meera.user.id });
    expect((await created).id).toBe(answer.body.data.chat.id);
    expect((await created).name).toBe('Asha');
    // Her socket joined the room at once: the first message reaches her live.
    const incoming = nextEvent(meeraSocket, 'newMessage');
    await post(asha, `/api/chats/${answer.body.data.chat.id}/messages`, { content: 'welcome' });
    expect((await incoming).content).toBe('welcome');
  });
});

describe('groups', () => {
  it('are created by ADMIN users only; the creator is group admin', async () => {
    const refused = await post(priya, '/api/chats', { type: 'GROUP', name: 'Nope', participantIds: [ravi.user.id] });
    expect(refused.status).toBe(403);
    const answer = await post<{ chat: Chat }>(asha, '/api/chats', {
      type: 'GROUP',
      name: 'Field Team',
      description: 'Mumbai',
      participantIds: [priya.user.id],
    });
    expect(answer.status).toBe(201);
    const chat = answer.body.data.chat;
    expect(chat).toMatchObject({ type: 'GROUP', isGroup: true, name: 'Field Team', description: 'Mumbai', isMember: true });
    expect(chat.participants.find((p) => p.id === asha.user.id)!.chatRole).toBe('ADMIN');
    expect(chat.participants.find((p) => p.id === priya.user.id)!.chatRole).toBe('MEMBER');
    expect(chat.lastMessage).toMatchObject({ messageType: 'SYSTEM' });
    const unknown = await post(asha, '/api/chats', { type: 'GROUP', name: 'Ghosts', participantIds: [crypto.randomUUID()] });
    expect(unknown.status).toBe(400);
  });

  it('rooms follow membership: a removed member receives nothing more on any socket', async () => {
    const chat = (await post<{ chat: Chat }>(asha, '/api/chats', { type: 'GROUP', name: 'Rooms', participantIds: [ravi.user.id] })).body
      .data.chat;
    const tab1 = await server.connect(ravi.token);
    const tab2 = await server.connect(ravi.token);
    const removed = nextEvent(tab1, 'participantRemoved');
    expect((await server.api(asha.token, 'DELETE', `/api/chats/${chat.id}/participants/${ravi.user.id}`)).status).toBe(200);
    expect(await removed).toMatchObject({ chatId: chat.id, userId: ravi.user.id, chatName: 'Rooms' });
    const late1 = collect(tab1, 'newMessage');
    const late2 = collect(tab2, 'newMessage');
    await post(asha, `/api/chats/${chat.id}/messages`, { content: 'secret plans' });
    await sleep(200);
    expect([...late1, ...late2].filter((m) => m.content === 'secret plans')).toHaveLength(0);
    // History up to the removal stays readable; writing does not.
    const history = await server.api<{ messages: Message[] }>(ravi.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(history.status).toBe(200);
    expect(history.body.data.messages.map((m) => m.content)).not.toContain('secret plans');
    expect(history.body.data.messages.at(-1)!.content).toBe('Asha removed Ravi Kumar');
    expect((await post(ravi, `/api/chats/${chat.id}/messages`, { content: 'let me back' })).status).toBe(403);
  });
});

describe('the chat list', () => {
  it('orders pinned chats first, then by latest activity, with filters and search by name', async () => {
    const user = await server.createUser('Lister');
    const withA = (await post<{ chat: Chat }>(user, '/api/chats', { type: 'ONE_ON_ONE', participantId: asha.user.id })).body.data.chat;
    const withP = (await post<{ chat: Chat }>(user, '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body.data.chat;
    const withR = (await post<{ chat: Chat }>(user, '/api/chats', { type: 'ONE_ON_ONE', participantId: ravi.user.id })).body.data.chat;
    await post(asha, `/api/chats/${withA.id}/messages`, { content: '1' });
    await sleep(5);
    await post(priya, `/api/chats/${withP.id}/messages`, { content: '2' });
    await sleep(5);
    await post(user, `/api/chats/${withR.id}/messages`, { content: '3' });
    expect((await listFor(user)).map((c) => c.id)).toEqual([withR.id, withP.id, withA.id]);
    await server.api(user.token, 'PUT', `/api/chats/${withA.id}`, { isPinned: true });
    expect((await listFor(user)).map((c) => c.id)).toEqual([withA.id, withR.id, withP.id]);
    expect((await listFor(user, '?filter=unread')).map((c) => c.id)).toEqual([withA.id, withP.id]);
    expect((await listFor(user, '?q=priya')).map((c) => c.id)).toEqual([withP.id]);
    expect(await listFor(user, '?filter=groups')).toEqual([]);
    await server.api(user.token, 'PUT', `/api/chats/${withP.id}`, { isArchived: true, isMuted: true });
    expect((await listFor(user)).map((c) => c.id)).not.toContain(withP.id);
    expect((await listFor(user, '?filter=archived')).map((c) => [c.id, c.isMuted])).toEqual([[withP.id, true]]);
    expect((await server.api(user.token, 'GET', '/api/chats?filter=bogus')).status).toBe(400);
  });

  it('hides a deleted chat with its history until a new message brings it back', async () => {
    const user = await server.createUser('Deleter');
    const chat = (await post<{ chat: Chat }>(user, '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body.data.chat;
    await post(priya, `/api/chats/${chat.id}/messages`, { content: 'old news' });
    expect((await server.api(user.token, 'DELETE', `/api/chats/${chat.id}`)).status).toBe(200);
    expect((await listFor(user)).map((c) => c.id)).not.toContain(chat.id);
    await post(priya, `/api/chats/${chat.id}/messages`, { content: 'fresh news' });
    const back = (await listFor(user)).find((c) => c.id === chat.id)!;
    expect(back.unreadCount).toBe(1);
    const history = await server.api<{ messages: Message[] }>(user.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(history.body.data.messages.map((m) => m.content)).toEqual(['fresh news']);
    // Priya's own view is untouched.
    const hers = await server.api<{ messages: Message[] }>(priya.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(hers.body.data.messages.map((m) => m.content)).toEqual(['old news', 'fresh news']);
  });
});

describe('message history', () => {
  it('pages with before, after, around and page, oldest→newest within a page', async () => {
    const chat = (await post<{ chat: Chat }>(asha, '/api/chats', { type: 'GROUP', name: 'History', participantIds: [priya.user.id] })).body
      .data.chat;
    const sent: Message[] = [];
    for (let i = 0; i < 120; i++)
      sent.push((await post<{ message: Message }>(asha, `/api/chats/${chat.id}/messages`, { content: `h${i}` })).body.data.message);
    const get = async (q: string) =>
      (
        await server.api<{ messages: Message[]; pagination: Record<string, unknown> }>(
          priya.token,
          'GET',
          `/api/chats/${chat.id}/messages${q}`,
        )
      ).body.data;
    const newest = await get('');
    expect(newest.messages).toHaveLength(50);
    expect(newest.messages.at(-1)!.content).toBe('h119');
    expect(newest.pagination).toMatchObject({ limit: 50, hasMore: true, hasNewer: false });
    const older = await get(`?before=${newest.messages[0]!.id}`);
    expect(older.messages.at(-1)!.seq).toBe(newest.messages[0]!.seq - 1);
    const newer = await get(`?after=${sent[10]!.id}&limit=5`);
    expect(newer.messages.map((m) => m.content)).toEqual(['h11', 'h12', 'h13', 'h14', 'h15']);
    expect(newer.pagination.hasNewer).toBe(true);
    const around = await get(`?around=${sent[60]!.id}&limit=11`);
    expect(around.messages).toHaveLength(11);
    expect(around.messages.map((m) => m.content)).toContain('h60');
    expect(around.messages[5]!.content).toBe('h60');
    const page2 = await get('?page=2&limit=50');
    expect(page2.pagination).toMatchObject({ page: 2, total: 121, hasMore: true });
    expect(page2.messages.at(-1)!.content).toBe('h69');
    expect((await server.api(priya.token, 'GET', `/api/chats/${chat.id}/messages?limit=101`)).status).toBe(400);
    expect((await server.api(priya.token, 'GET', `/api/chats/${chat.id}/messages?before=${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('opens at the first unread message with unread=first (skipping my own and deleted ones), else the newest page', async () => {
    const chat = (await post<{ chat: Chat }>(asha, '/api/chats', { type: 'GROUP', name: 'Backlog', participantIds: [ravi.user.id] })).body
      .data.chat;
    const send = async (who: TestUser, content: string) =>
      (await post<{ message: Message }>(who, `/api/chats/${chat.id}/messages`, { content })).body.data.message;
    const sent: Message[] = [];
    for (let i = 0; i < 40; i++) sent.push(await send(asha, `b${i}`));
    // Ravi read up to b9; then his own message and a deleted one come before the first unread he can count.
    await server.api(ravi.token, 'PUT', `/api/messages/${sent[9]!.id}/read`);
    const deleted = await send(asha, 'gone');
    await server.api(asha.token, 'DELETE', `/api/messages/${deleted.id}?for=everyone`);
    await send(ravi, 'mine');
    for (let i = 40; i < 100; i++) sent.push(await send(asha, `b${i}`));
    const get = async (who: TestUser, q: string) =>
      (await server.api<{ messages: Message[]; pagination: Pagination }>(who.token, 'GET', `/api/chats/${chat.id}/messages${q}`)).body.data;

    const atUnread = await get(ravi, '?unread=first&limit=20');
    expect(atUnread.messages).toHaveLength(20);
    expect(atUnread.messages.find((m) => m.id === atUnread.pagination.firstUnreadId)!.content).toBe('b10');
    expect(atUnread.pagination).toMatchObject({ hasMore: true, hasNewer: true });

    await server.api(asha.token, 'PUT', `/api/messages/${sent[99]!.id}/read`);
    // Near the start of the chat the page fills up with newer messages, and says that more are newer still.
    const nearStart = await get(ravi, `?around=${sent[0]!.id}&limit=20`);
    expect(nearStart.messages.at(-1)!.seq - nearStart.messages[0]!.seq).toBe(19);
    expect(nearStart.pagination.hasNewer).toBe(true);

    const read = await get(asha, '?unread=first&limit=20');
    expect(read.pagination.firstUnreadId).toBeNull();
    expect(read.messages.at(-1)!.content).toBe('b99');
    expect(read.pagination.hasNewer).toBe(false);
    // Someone outside the chat learns nothing, and unread=first is one cursor among the others.
    expect((await server.api(meera.token, 'GET', `/api/chats/${chat.id}/messages?unread=first`)).status).toBe(404);
    expect((await server.api(ravi.token, 'GET', `/api/chats/${chat.id}/messages?unread=first&before=${sent[50]!.id}`)).status).toBe(400);
    expect((await server.api(ravi.token, 'GET', `/api/chats/${chat.id}/messages?unread=last`)).status).toBe(400);
  });
});
