/**
 * A former member sees the group as it was when they were removed, and nothing after (issue 17.3,
 * SECURITY.md): its name and description, its members (without presence), the text and reactions
 * of messages as they were — in the chat, the chat list, the history, search, sync and the
 * dashboard's recent messages alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, SearchResult, SyncResult } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { chatAs, createGroupChat, history, send, syncToken } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let meera: TestUser;
let group: Chat;
let written: Message;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  meera = await server.createUser('Meera');
  group = await createGroupChat(server, asha, 'Zone A', [priya, ravi]);
  await server.api(asha.token, 'PUT', `/api/chats/${group.id}`, { description: 'Visits in zone A' });
  written = await send(server, asha, group.id, 'Inspection checklist draft');
  await server.api(ravi.token, 'POST', `/api/messages/${written.id}/reactions`, { emoji: '👍' });
  expect((await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${priya.user.id}`)).status).toBe(200);
  token = await syncToken(server, priya);

  // Everything after the removal.
  await server.api(asha.token, 'PUT', `/api/chats/${group.id}`, { name: 'Zone B', description: 'Merged with zone C' });
  await server.api(asha.token, 'POST', `/api/chats/${group.id}/participants`, { userIds: [meera.user.id] });
  expect(
    (await server.api(asha.token, 'PUT', `/api/messages/${written.id}`, { content: 'Inspection checklist final confidential' })).status,
  ).toBe(200);
  await server.api(asha.token, 'POST', `/api/messages/${written.id}/reactions`, { emoji: '😂' });
  await server.connect(ravi.token); // online now: a former member must not see it
});
afterAll(() => server.close());

describe('a former member', () => {
  it('sees the group’s name, description and members as they were, without presence', async () => {
    const chat = await chatAs(server, priya, group.id);
    expect(chat).toMatchObject({ name: 'Zone A', description: 'Visits in zone A', isMember: false });
    expect(chat.participants.map((p) => p.name).sort()).toEqual(['Asha', 'Priya', 'Ravi']);
    expect(chat.participants.every((p) => !p.isOnline && p.lastSeen === null)).toBe(true);
    const list = await server.api<{ chats: Chat[] }>(priya.token, 'GET', '/api/chats');
    expect(list.body.data.chats.find((c) => c.id === group.id)?.name).toBe('Zone A');
    // Current members see the present.
    expect((await chatAs(server, ravi, group.id)).name).toBe('Zone B');
  });

  it('reads messages as they were: text before later edits, reactions before later ones', async () => {
    const message = (await history(server, priya, group.id)).find((m) => m.id === written.id)!;
    expect(message).toMatchObject({ content: 'Inspection checklist draft', isEdited: false });
    expect(message.reactions.map((r) => r.emoji)).toEqual(['👍']);
    const current = (await history(server, ravi, group.id)).find((m) => m.id === written.id)!;
    expect(current.content).toBe('Inspection checklist final confidential');
  });

  it('finds nothing written after the removal, and the old text as it was', async () => {
    const search = (q: string) =>
      server.api<{ results: SearchResult[] }>(priya.token, 'GET', `/api/chats/search?q=${encodeURIComponent(q)}`);
    expect((await search('confidential')).body.data.results).toEqual([]);
    const inGroup = await server.api<{ results: SearchResult[] }>(priya.token, 'GET', `/api/chats/${group.id}/search?q=confidential`);
    expect(inGroup.body.data.results).toEqual([]);
  });

  it('catches up (sync) and sees recent messages without what changed after', async () => {
    const sync = await server.api<SyncResult>(priya.token, 'GET', `/api/sync?since=${encodeURIComponent(token)}`);
    expect(sync.status).toBe(200);
    // The edit after the removal changed the message: sync carries it, as it was at the removal.
    const synced = sync.body.data.messages.filter((m) => m.id === written.id);
    expect(synced).toHaveLength(1);
    expect(synced[0]!.content).toBe('Inspection checklist draft');
    expect(synced[0]!.reactions.map((r) => r.emoji)).toEqual(['👍']);
    for (const chat of sync.body.data.chats.filter((c) => c.id === group.id)) {
      expect(chat.name).toBe('Zone A');
      expect(chat.participants.map((p) => p.name)).not.toContain('Meera');
    }
    const recent = await server.api<{ messages: Message[] }>(priya.token, 'GET', '/api/messages/recent?limit=10');
    const seen = recent.body.data.messages.find((m) => m.id === written.id);
    expect(seen?.content).toBe('Inspection checklist draft');
  });
});
