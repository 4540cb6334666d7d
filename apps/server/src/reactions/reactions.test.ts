import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Reaction } from '@samvad/protocol';
import { nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createGroupChat, history, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let omar: TestUser;
let group: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  omar = await server.createUser('Omar');
  group = await createGroupChat(server, asha, 'Reactors', [priya, ravi]);
});
afterAll(() => server.close());

const react = (user: TestUser, messageId: string, emoji: string) =>
  server.api<{ reactions: Reaction[] }>(user.token, 'POST', `/api/messages/${messageId}/reactions`, { emoji });

describe('reactions', () => {
  it('one per user: add, replace, same again removes, DELETE removes; counts and who reacted', async () => {
    const msg = await send(server, asha, group.id, 'Report submitted');
    expect((await react(priya, msg.id, '👍')).body.data.reactions).toEqual([{ emoji: '👍', count: 1, users: [priya.user.id] }]);
    expect((await react(ravi, msg.id, '👍')).body.data.reactions).toEqual([
      { emoji: '👍', count: 2, users: [priya.user.id, ravi.user.id] },
    ]);
    // Priya changes her mind: her 👍 is replaced, not added to.
    expect((await react(priya, msg.id, '🙏')).body.data.reactions).toEqual([
      { emoji: '👍', count: 1, users: [ravi.user.id] },
      { emoji: '🙏', count: 1, users: [priya.user.id] },
    ]);
    // The same emoji again toggles it off.
    expect((await react(priya, msg.id, '🙏')).body.data.reactions).toEqual([{ emoji: '👍', count: 1, users: [ravi.user.id] }]);
    const removed = await server.api<{ reactions: Reaction[] }>(ravi.token, 'DELETE', `/api/messages/${msg.id}/reactions`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.reactions).toEqual([]);
    // Removing what is not there is harmless.
    expect((await server.api(ravi.token, 'DELETE', `/api/messages/${msg.id}/reactions`)).status).toBe(200);
    expect((await history(server, asha, group.id)).find((m) => m.id === msg.id)?.reactions).toEqual([]);
  });

  it('pushes reactionUpdated to every member socket, the reactor’s other tabs included', async () => {
    const msg = await send(server, asha, group.id, 'Lunch?');
    const ashaSocket = await server.connect(asha.token);
    const raviTab = await server.connect(ravi.token);
    const atAsha = nextEvent(ashaSocket, 'reactionUpdated');
    const atRaviTab = nextEvent(raviTab, 'reactionUpdated');
    await react(ravi, msg.id, '😂');
    const expected = { chatId: group.id, messageId: msg.id, reactions: [{ emoji: '😂', count: 1, users: [ravi.user.id] }] };
    expect(await atAsha).toEqual(expected);
    expect(await atRaviTab).toEqual(expected);
  });

  it('accepts any single emoji, nothing else; outsiders 404; former members 403; SYSTEM lines 400', async () => {
    const msg = await send(server, asha, group.id, 'Check');
    // The quick six, others from the picker, a skin tone, a ZWJ family, a flag and a keycap.
    for (const emoji of ['👍', '❤️', '😂', '😮', '😢', '🙏', '🔥', '🦒', '👍🏽', '👨‍👩‍👧', '🇮🇳', '#️⃣']) {
      const res = await react(asha, msg.id, emoji);
      expect(res.status).toBe(200);
      expect(res.body.data.reactions).toEqual([{ emoji, count: 1, users: [asha.user.id] }]);
    }
    for (const emoji of ['like', '', '👍👍', '👍 ', 'a👍', '1', '#', '<b>', '❤', '\u200d', '🇮']) {
      const res = await react(asha, msg.id, emoji);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await react(omar, msg.id, '👍')).status).toBe(404);
    const system = (await history(server, asha, group.id)).find((m) => m.messageType === 'SYSTEM')!;
    expect((await react(asha, system.id, '👍')).status).toBe(400);
    await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${ravi.user.id}`);
    const former = await react(ravi, msg.id, '👍');
    expect(former.status).toBe(403);
    expect(former.body.error.code).toBe('FORBIDDEN');
  });
});
