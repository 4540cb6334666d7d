import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, SearchResult } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, createGroupChat, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let omar: TestUser;
let group: Chat;
let direct: Chat;
let foreign: Chat;

const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya Sharma');
  ravi = await server.createUser('Ravi');
  omar = await server.createUser('Omar');
  group = await createGroupChat(server, asha, 'Inspections', [priya]);
  direct = await createDirectChat(server, asha, priya);
  foreign = await createDirectChat(server, priya, omar);
});
afterAll(() => server.close());

const search = async (user: TestUser, params: Record<string, string>, chatId?: string) => {
  const qs = new URLSearchParams(params).toString();
  const res = await server.api<{ results: SearchResult[] }>(user.token, 'GET', `/api/chats/${chatId ? `${chatId}/` : ''}search?${qs}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.results;
};
const contents = (results: SearchResult[]) => results.map((r) => r.message.content);

describe('search', () => {
  it('stems English words, matches partial words as prefixes, and marks the hit with **', async () => {
    await send(server, priya, group.id, 'The meetings with the principal went well');
    const results = await search(asha, { q: 'meeting' });
    expect(contents(results)).toEqual(['The meetings with the principal went well']);
    expect(results[0]!.snippet).toContain('**meetings**');
    expect(results[0]!.chat).toEqual({ id: group.id, name: 'Inspections', isGroup: true });
    expect(contents(await search(asha, { q: 'princ' }))).toEqual(['The meetings with the principal went well']);
    expect(contents(await search(asha, { q: 'meet princ' }))).toEqual(['The meetings with the principal went well']);
    expect(await search(asha, { q: 'meet absent' })).toEqual([]);
  });

  it('finds words inside words, after every whole-word and prefix hit, and marks them', async () => {
    const inside = await send(server, priya, group.id, 'The new CLASSROOM has a library corner');
    server.clock.advance(1000);
    const revisited = await send(server, priya, group.id, 'Revisited the school after lunch');
    server.clock.advance(1000);
    const word = await send(server, priya, group.id, 'Which room is the staff room?');
    expect((await search(asha, { q: 'room' })).map((r) => r.message.id)).toEqual([word.id, inside.id]);
    const [, hit] = await search(asha, { q: 'room' });
    expect(hit!.snippet).toContain('CLASS**ROOM**');
    expect((await search(asha, { q: 'visit' })).map((r) => r.message.id)).toContain(revisited.id);
    // Every term must be found, as for whole words; paging runs on past the last whole-word hit.
    expect(await search(asha, { q: 'classroom absentword' })).toEqual([]);
    expect((await search(asha, { q: 'room', limit: '1', offset: '1' })).map((r) => r.message.id)).toEqual([inside.id]);
    // Nothing outside the caller's chats.
    expect(await search(omar, { q: 'lassroo' })).toEqual([]);
  });

  it("shows the searcher's own messages with their ticks, per chat", async () => {
    const inGroup = await send(server, asha, group.id, 'okapi count in the group');
    const inDirect = await send(server, asha, direct.id, 'okapi count in the direct chat');
    await server.api(priya.token, 'PUT', `/api/messages/${inDirect.id}/read`);
    const results = await search(asha, { q: 'okapi' });
    const statusOf = (id: string) => results.find((r) => r.message.id === id)?.message.status;
    expect(statusOf(inDirect.id)).toBe('READ');
    expect(statusOf(inGroup.id)).toBe('SENT');
    // Another member sees them without ticks.
    expect((await search(priya, { q: 'okapi' })).every((r) => r.message.status === null)).toBe(true);
  });

  it('finds names and numbers such as school codes exactly', async () => {
    await send(server, priya, direct.id, 'Visit SCH-0042 and KV2023/17 tomorrow, ask Priya');
    await send(server, priya, direct.id, 'Visit SCH-0043 next week');
    for (const q of ['SCH-0042', '0042', 'kv2023/17', 'priya']) {
      expect(contents(await search(asha, { q })), q).toEqual(['Visit SCH-0042 and KV2023/17 tomorrow, ask Priya']);
    }
    const [hit] = await search(asha, { q: 'SCH-0042' });
    expect(hit!.snippet).toContain('**SCH-0042**');
    // One-on-one results are named after the other person.
    expect(hit!.chat).toEqual({ id: direct.id, name: 'Priya Sharma', isGroup: false });
  });

  it('ranks whole-word matches first, then newest first', async () => {
    const older = await send(server, asha, group.id, 'rankword exact older');
    server.clock.advance(1000);
    const newer = await send(server, asha, group.id, 'rankword exact newer');
    server.clock.advance(1000);
    const partial = await send(server, asha, group.id, 'rankwords only partial, the newest');
    const results = await search(asha, { q: 'rankword' });
    expect(results.map((r) => r.message.id)).toEqual([newer.id, older.id, partial.id]);
    // Paging walks the same order.
    const page2 = await search(asha, { q: 'rankword', limit: '1', offset: '1' });
    expect(page2.map((r) => r.message.id)).toEqual([older.id]);
  });

  it('ranks the same when hits are spread over months (search tries the newest days first)', async () => {
    const oldExact = await send(server, asha, group.id, 'axolotl exact, months ago');
    server.clock.advance(70 * DAY);
    const monthPartial = await send(server, asha, group.id, 'axolotls partial, a month ago');
    server.clock.advance(30 * DAY);
    const newExact = await send(server, asha, group.id, 'axolotl exact, today');
    server.clock.advance(1000);
    const newPartial = await send(server, asha, group.id, 'axolotls partial, today');
    const ids = async (params: Record<string, string>) => (await search(asha, { q: 'axolotl', ...params })).map((r) => r.message.id);
    expect(await ids({})).toEqual([newExact.id, oldExact.id, newPartial.id, monthPartial.id]);
    expect(await ids({ limit: '1' })).toEqual([newExact.id]);
    expect(await ids({ limit: '2' })).toEqual([newExact.id, oldExact.id]);
    expect(await ids({ limit: '1', offset: '1' })).toEqual([oldExact.id]);
    expect(await ids({ limit: '2', offset: '2' })).toEqual([newPartial.id, monthPartial.id]);
  });

  it('jumps to a hit: around=<messageId> returns the page centred on it', async () => {
    const chat = await createGroupChat(server, asha, 'Long', [priya]);
    for (let i = 0; i < 30; i++) await send(server, priya, chat.id, i === 12 ? 'the armadillo report' : `filler ${i}`);
    const [hit] = await search(asha, { q: 'armadillo' }, chat.id);
    const page = await server.api<{ messages: Message[]; pagination: { hasMore: boolean; hasNewer: boolean } }>(
      asha.token,
      'GET',
      `/api/chats/${chat.id}/messages?around=${hit!.message.id}&limit=5`,
    );
    expect(page.body.data.messages.map((m) => m.content)).toEqual([
      'filler 10',
      'filler 11',
      'the armadillo report',
      'filler 13',
      'filler 14',
    ]);
    expect(page.body.data.pagination).toMatchObject({ hasMore: true, hasNewer: true });
  });

  it('never leaks across chats: only chats the caller is in', async () => {
    await send(server, omar, foreign.id, 'confidential quokka numbers');
    expect(await search(asha, { q: 'quokka' })).toEqual([]);
    expect(contents(await search(priya, { q: 'quokka' }))).toEqual(['confidential quokka numbers']);
    const outsider = await server.api(asha.token, 'GET', `/api/chats/${foreign.id}/search?q=quokka`);
    expect(outsider.status).toBe(404);
    expect((await server.api(asha.token, 'GET', `/api/chats/search?q=quokka&chatId=${foreign.id}`)).status).toBe(404);
  });

  it('shows a member only what they could see: not before joining, not after leaving, not what they cleared', async () => {
    const team = await createGroupChat(server, asha, 'Window', [priya]);
    await send(server, asha, team.id, 'pangolin before ravi joined');
    await server.api(asha.token, 'POST', `/api/chats/${team.id}/participants`, { userIds: [ravi.user.id] });
    await send(server, asha, team.id, 'pangolin while ravi is here');
    await server.api(asha.token, 'DELETE', `/api/chats/${team.id}/participants/${ravi.user.id}`);
    await send(server, asha, team.id, 'pangolin after ravi left');
    expect(contents(await search(ravi, { q: 'pangolin' }))).toEqual(['pangolin while ravi is here']);
    expect(await search(asha, { q: 'pangolin' })).toHaveLength(3);
    // Priya deletes the chat: its history is gone from her search, new messages are found again.
    await server.api(priya.token, 'DELETE', `/api/chats/${team.id}`);
    expect(await search(priya, { q: 'pangolin' })).toEqual([]);
  });

  it('filters by chat, sender and date range', async () => {
    await send(server, asha, group.id, 'ocelot from asha in group');
    await send(server, priya, group.id, 'ocelot from priya in group');
    await send(server, asha, direct.id, 'ocelot from asha in direct');
    server.clock.advance(3 * DAY);
    const late = await send(server, asha, direct.id, 'ocelot three days later');

    expect(contents(await search(asha, { q: 'ocelot', chatId: group.id })).sort()).toEqual([
      'ocelot from asha in group',
      'ocelot from priya in group',
    ]);
    expect(contents(await search(asha, { q: 'ocelot' }, direct.id))).toEqual(['ocelot three days later', 'ocelot from asha in direct']);
    expect(contents(await search(asha, { q: 'ocelot', senderId: priya.user.id }))).toEqual(['ocelot from priya in group']);
    const cut = new Date(new Date(late.createdAt).getTime() - DAY).toISOString();
    expect(contents(await search(asha, { q: 'ocelot', from: cut }))).toEqual(['ocelot three days later']);
    expect(await search(asha, { q: 'ocelot', to: cut })).toHaveLength(3);
  });

  it('skips SYSTEM lines and survives hostile or odd input', async () => {
    expect(await search(asha, { q: 'created' })).toEqual([]);
    for (const q of [`'):*&|!<-> \\`, '"unterminated', '!!!', 'the', 'a & b | c', 'मीटिंग']) {
      await search(asha, { q });
    }
    await send(server, asha, group.id, 'कल मीटिंग है');
    expect(contents(await search(asha, { q: 'मीटिंग' }))).toEqual(['कल मीटिंग है']);
    expect((await server.api(asha.token, 'GET', '/api/chats/search?q=')).status).toBe(400);
    expect((await server.api(asha.token, 'GET', '/api/chats/search?q=x&limit=500')).status).toBe(400);
  });
});
