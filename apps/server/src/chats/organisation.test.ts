import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { chatAs, createDirectChat, createGroupChat, history, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
const people: TestUser[] = [];

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  for (const name of ['Priya', 'Ravi', 'Meera', 'Arjun', 'Kiran']) people.push(await server.createUser(name));
});
afterAll(() => server.close());

const list = async (user: TestUser, query = '') => {
  const res = await server.api<{ chats: Chat[] }>(user.token, 'GET', `/api/chats${query}`);
  expect(res.status).toBe(200);
  return res.body.data.chats;
};
const settings = (user: TestUser, chatId: string, body: object) =>
  server.api<{ chat: Chat }>(user.token, 'PUT', `/api/chats/${chatId}`, body);

describe('chat organisation', () => {
  it('pins up to 3 chats, pinned first; a 4th is refused with a clear VALIDATION error', async () => {
    const chats = [];
    for (const p of people.slice(0, 4)) chats.push(await createDirectChat(server, asha, p));
    for (const c of chats.slice(0, 3)) expect((await settings(asha, c.id, { isPinned: true })).body.data.chat.isPinned).toBe(true);
    const fourth = await settings(asha, chats[3]!.id, { isPinned: true });
    expect(fourth.status).toBe(400);
    expect(fourth.body.error).toMatchObject({ code: 'VALIDATION', message: 'You can pin up to 3 chats' });
    // Newest activity elsewhere does not move pinned chats down.
    await send(server, people[3]!, chats[3]!.id, 'fresh');
    const ordered = await list(asha);
    expect(ordered.slice(0, 3).every((c) => c.isPinned)).toBe(true);
    expect(new Set(ordered.slice(0, 3).map((c) => c.id))).toEqual(new Set(chats.slice(0, 3).map((c) => c.id)));
    // Unpinning frees a slot.
    await settings(asha, chats[0]!.id, { isPinned: false });
    expect((await settings(asha, chats[3]!.id, { isPinned: true })).status).toBe(200);
    for (const c of chats) await settings(asha, c.id, { isPinned: false });
  });

  it('archive: out of the main list, under filter=archived, and stays archived on a new message', async () => {
    const chat = await createDirectChat(server, asha, people[4]!);
    await send(server, people[4]!, chat.id, 'hello');
    expect((await settings(asha, chat.id, { isArchived: true })).body.data.chat.isArchived).toBe(true);
    expect((await list(asha)).map((c) => c.id)).not.toContain(chat.id);
    expect((await list(asha, '?filter=archived')).map((c) => c.id)).toEqual([chat.id]);
    await send(server, people[4]!, chat.id, 'still there?');
    expect((await list(asha)).map((c) => c.id)).not.toContain(chat.id);
    expect((await list(asha, '?filter=archived'))[0]).toMatchObject({ id: chat.id, unreadCount: 2, isArchived: true });
    await settings(asha, chat.id, { isArchived: false });
    expect((await list(asha)).map((c) => c.id)).toContain(chat.id);
  });

  it('mute is the caller’s own setting, told to their other tabs', async () => {
    const chat = await createDirectChat(server, asha, people[0]!);
    const tab = await server.connect(asha.token);
    const updated = nextEvent(tab, 'chatUpdated', (c) => c.id === chat.id);
    expect((await settings(asha, chat.id, { isMuted: true })).body.data.chat.isMuted).toBe(true);
    expect((await updated).isMuted).toBe(true);
    expect((await chatAs(server, people[0]!, chat.id)).isMuted).toBe(false);
  });

  it('delete chat: hidden with its history; comes back on a new message with only the new history', async () => {
    const other = people[1]!;
    const chat = await createDirectChat(server, asha, other);
    await send(server, other, chat.id, 'old secret');
    expect((await server.api(asha.token, 'DELETE', `/api/chats/${chat.id}`)).status).toBe(200);
    expect((await list(asha)).map((c) => c.id)).not.toContain(chat.id);
    expect(await history(server, asha, chat.id)).toEqual([]);
    // The other person keeps everything.
    expect((await history(server, other, chat.id)).map((m) => m.content)).toContain('old secret');

    await send(server, other, chat.id, 'new start');
    const back = (await list(asha)).find((c) => c.id === chat.id);
    expect(back).toMatchObject({ unreadCount: 1, lastMessage: { content: 'new start' } });
    expect((await history(server, asha, chat.id)).map((m) => m.content)).toEqual(['new start']);
  });

  it('filters all / unread / groups and q by name (the other person’s name for one-on-one chats)', async () => {
    const group = await createGroupChat(server, asha, 'Zonal Review', [people[2]!]);
    const quiet = await createDirectChat(server, asha, people[3]!);
    await server.api(asha.token, 'PUT', `/api/chats/${quiet.id}/read`);
    const loud = await createDirectChat(server, asha, people[2]!);
    await send(server, people[2]!, loud.id, 'unread one');

    const unread = await list(asha, '?filter=unread');
    expect(unread.map((c) => c.id)).toContain(loud.id);
    expect(unread.every((c) => c.unreadCount > 0)).toBe(true);
    expect(unread.map((c) => c.id)).not.toContain(quiet.id);

    const groups = await list(asha, '?filter=groups');
    expect(groups.map((c) => c.id)).toEqual([group.id]);

    expect((await list(asha, '?q=zonal')).map((c) => c.id)).toEqual([group.id]);
    expect((await list(asha, '?q=MEE')).map((c) => c.name)).toEqual(['Meera']);
    expect((await server.api(asha.token, 'GET', '/api/chats?filter=bogus')).status).toBe(400);
  });
});

describe('the unread badge (GET /api/unread badgeCount, Chat.unreadMentionCount)', () => {
  it('counts every unread of ordinary chats, and of muted and archived chats only the @mentions of the reader', async () => {
    const lata = await server.createUser('Lata Rao');
    const [priya, ravi, meera] = people as [TestUser, TestUser, TestUser];
    const ordinary = await createDirectChat(server, lata, priya);
    const muted = await createGroupChat(server, asha, 'Muted crew', [lata, ravi]);
    const archived = await createGroupChat(server, asha, 'Archived crew', [lata, meera]);
    await settings(lata, muted.id, { isMuted: true });
    await settings(lata, archived.id, { isArchived: true });

    await send(server, priya, ordinary.id, 'one');
    await send(server, priya, ordinary.id, 'two');
    await send(server, ravi, muted.id, 'chatter');
    await send(server, ravi, muted.id, '@Lata can you check?');
    await send(server, ravi, muted.id, 'more chatter');
    await send(server, meera, archived.id, 'old news');
    await send(server, meera, archived.id, 'ask @Lata Rao about it');
    await send(server, meera, archived.id, '@Ravi is not Lata');

    expect(await chatAs(server, lata, muted.id)).toMatchObject({ unreadCount: 3, unreadMentionCount: 1, isMuted: true });
    expect(await chatAs(server, lata, archived.id)).toMatchObject({ unreadCount: 3, unreadMentionCount: 1, isArchived: true });
    expect(await chatAs(server, lata, ordinary.id)).toMatchObject({ unreadCount: 2, unreadMentionCount: 0 });
    const unread = await server.api<{ unreadCount: number; badgeCount: number }>(lata.token, 'GET', '/api/unread');
    // Every unread message stays in unreadCount (as before); the badge leaves out the quiet ones.
    expect(unread.body.data).toMatchObject({ unreadCount: 8, badgeCount: 2 + 1 + 1 });

    // Reading the muted chat clears its mention too.
    await server.api(lata.token, 'PUT', `/api/chats/${muted.id}/read`);
    expect(await chatAs(server, lata, muted.id)).toMatchObject({ unreadCount: 0, unreadMentionCount: 0 });
    expect((await server.api<{ badgeCount: number }>(lata.token, 'GET', '/api/unread')).body.data.badgeCount).toBe(3);
  });
});
