/**
 * Per-user limits on presence toggles, reactions, edits and read receipts (issue 17.4): over the
 * limit an action is refused and changes nothing, except presence, whose latest state is applied
 * once the limit allows (coalesced, never lost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, Reaction } from '@samvad/protocol';
import { collect, emitWithAck, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, history, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      RATE_LIMIT_PRESENCE_PER_MIN: '6', // one change per 10 s
      RATE_LIMIT_REACTIONS_PER_MIN: '3',
      RATE_LIMIT_EDITS_PER_MIN: '2',
      RATE_LIMIT_RECEIPTS_PER_MIN: '3',
    },
  });
  asha = await server.createUser('Asha');
  priya = await server.createUser('Priya');
  chat = await createDirectChat(server, asha, priya);
});
afterAll(() => server.close());

describe('event limits', () => {
  it('reactions: past the limit 429 and the reaction stays as it was', async () => {
    const message = await send(server, asha, chat.id, 'react to me');
    const react = (emoji: string) =>
      server.api<{ reactions: Reaction[] }>(priya.token, 'POST', `/api/messages/${message.id}/reactions`, { emoji });
    for (const emoji of ['👍', '❤️', '😂']) expect((await react(emoji)).status).toBe(200);
    const refused = await react('🙏');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const [kept] = (await history(server, asha, chat.id)).filter((m) => m.id === message.id);
    expect(kept!.reactions.map((r) => r.emoji)).toEqual(['😂']);
  });

  it('edits: past the limit 429 and the text stays as it was', async () => {
    const message = await send(server, priya, chat.id, 'first words');
    const edit = (content: string) => server.api<{ message: Message }>(priya.token, 'PUT', `/api/messages/${message.id}`, { content });
    expect((await edit('second words')).status).toBe(200);
    expect((await edit('third words')).status).toBe(200);
    expect((await edit('fourth words')).status).toBe(429);
    const [kept] = (await history(server, asha, chat.id)).filter((m) => m.id === message.id);
    expect(kept!.content).toBe('third words');
  });

  it('read receipts: past the limit the ack says RATE_LIMITED', async () => {
    const socket = await server.connect(asha.token);
    const messages = [];
    for (let i = 0; i < 4; i++) messages.push(await send(server, priya, chat.id, `receipt ${i}`));
    const acks = [];
    for (const message of messages)
      acks.push(await emitWithAck<{ success: boolean; error?: { code: string } }>(socket, 'messageRead', { messageId: message.id }));
    expect(acks.slice(0, 3).every((a) => a.success)).toBe(true);
    expect(acks[3]).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
    socket.disconnect();
  });

  it('presence: a toggle storm reaches contacts as a few changes, and its last state is applied', async () => {
    const watcher = await server.connect(asha.token);
    const onlines = collect(watcher, 'userOnline');
    const offlines = collect(watcher, 'userOffline');
    const storm = await server.connect(priya.token);
    // The first toggle (away) is applied at once; the 39 after it exceed the limit. The last word is
    // "online": it must be applied within the limit's window (10 s), and the storm in between not.
    for (let i = 0; i < 20; i++) {
      await emitWithAck(storm, 'goOffline');
      await emitWithAck(storm, 'goOnline');
    }
    const isOnline = async () =>
      (await server.api<{ user: { isOnline: boolean } }>(asha.token, 'GET', `/api/users/${priya.user.id}`)).body.data.user.isOnline;
    expect(await isOnline()).toBe(false);
    await expect.poll(isOnline, { timeout: 15_000, interval: 500 }).toBe(true);
    const mine = <T extends { userId: string }>(events: T[]) => events.filter((e) => e.userId === priya.user.id);
    expect(mine(offlines)).toHaveLength(1);
    expect(mine(onlines).length).toBeGreaterThanOrEqual(1);
    expect(mine(onlines).length).toBeLessThanOrEqual(2); // the connect itself, and the held-back "online"
    storm.disconnect();
    watcher.disconnect();
  }, 90_000);
});
