/**
 * The visibility rule (chats/visibility.ts) on every read path, table-driven: a viewer who joined a
 * group late, hid one message, then was removed, and who cleared ("deleted") a one-on-one chat,
 * must meet none of the messages outside their view — in history, the chat list, recent messages,
 * sync, search, file downloads, receipts, reactions, replies, forwards and cursors — and meet the
 * ones inside it (so the table cannot pass by finding nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, SearchResult, SyncResult } from '@samvad/protocol';
import { emitWithAck, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, createGroupChat, send, syncToken } from '../test/factories.js';
import { download, makePng, upload } from '../files/test/fixtures.js';

let server: TestServer;
let asha: TestUser;
let viewer: TestUser;
let group: Chat;
let direct: Chat;
let firstSyncToken: string;
/** The viewer's view, by the word each message carries. */
const outside: Record<string, Message> = {};
const inside: Record<string, Message> = {};

async function sendWithPicture(chatId: string, word: string): Promise<Message> {
  const uploaded = await upload(server, asha.token, chatId, `${word}.png`, await makePng(16, 16));
  expect(uploaded.status).toBe(201);
  const message = await send(server, asha, chatId, `visit note ${word}`, { attachmentId: uploaded.body.data.attachment.attachmentId });
  expect(message.fileUrl).not.toBeNull();
  return message;
}

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  viewer = await server.createUser('Vikram');
  const ravi = await server.createUser('Ravi');
  firstSyncToken = await syncToken(server, viewer);

  group = await createGroupChat(server, asha, 'Zone A', [ravi]);
  outside.beforejoining = await sendWithPicture(group.id, 'beforejoining');
  expect((await server.api(asha.token, 'POST', `/api/chats/${group.id}/participants`, { userIds: [viewer.user.id] })).status).toBeLessThan(
    300,
  );
  inside.whilemember = await sendWithPicture(group.id, 'whilemember');
  outside.hiddenbyme = await sendWithPicture(group.id, 'hiddenbyme');
  expect((await server.api(viewer.token, 'DELETE', `/api/messages/${outside.hiddenbyme.id}?for=me`)).status).toBe(200);
  expect((await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${viewer.user.id}`)).status).toBe(200);
  outside.afterleaving = await sendWithPicture(group.id, 'afterleaving');

  direct = await createDirectChat(server, asha, viewer);
  outside.beforeclearing = await sendWithPicture(direct.id, 'beforeclearing');
  expect((await server.api(viewer.token, 'DELETE', `/api/chats/${direct.id}`)).status).toBe(200);
  inside.afterclearing = await sendWithPicture(direct.id, 'afterclearing');
}, 120_000);
afterAll(() => server.close());

/** Paths that list messages: the ids the viewer is shown. */
const listings: Record<string, () => Promise<string[]>> = {
  history: async () => {
    const ids: string[] = [];
    for (const chat of [group, direct]) {
      const res = await server.api<{ messages: Message[] }>(viewer.token, 'GET', `/api/chats/${chat.id}/messages?limit=100`);
      expect(res.status).toBe(200);
      ids.push(...res.body.data.messages.map((m) => m.id));
    }
    return ids;
  },
  'history by page': async () => {
    const ids: string[] = [];
    for (const chat of [group, direct]) {
      const res = await server.api<{ messages: Message[] }>(viewer.token, 'GET', `/api/chats/${chat.id}/messages?page=1&limit=100`);
      ids.push(...res.body.data.messages.map((m) => m.id));
    }
    return ids;
  },
  'chat list (last message)': async () => {
    const res = await server.api<{ chats: Chat[] }>(viewer.token, 'GET', '/api/chats');
    return res.body.data.chats.flatMap((c) => (c.lastMessage ? [c.lastMessage.id] : []));
  },
  'recent messages': async () => {
    const res = await server.api<{ messages: Message[] }>(viewer.token, 'GET', '/api/messages/recent?limit=50');
    return res.body.data.messages.map((m) => m.id);
  },
  sync: async () => {
    const ids: string[] = [];
    let since = firstSyncToken;
    for (let page = 0; page < 20; page++) {
      const res = await server.api<SyncResult>(viewer.token, 'GET', `/api/sync?since=${encodeURIComponent(since)}`);
      expect(res.status).toBe(200);
      ids.push(...res.body.data.messages.map((m) => m.id));
      since = res.body.data.next;
      if (!res.body.data.hasMore) break;
    }
    return ids;
  },
  search: async () => {
    const res = await server.api<{ results: SearchResult[] }>(viewer.token, 'GET', '/api/chats/search?q=visit%20note&limit=50');
    expect(res.status).toBe(200);
    return res.body.data.results.map((r) => r.message.id);
  },
};

describe('what a member may see, on every read path', () => {
  it.each(Object.keys(listings))('%s shows what is inside the view and nothing outside it', async (name) => {
    const shown = new Set(await listings[name]!());
    for (const [word, message] of Object.entries(outside)) expect(shown.has(message.id), `${name} shows "${word}"`).toBe(false);
    // The chat list shows one message per chat; the rest show every message inside the view.
    const expected = name === 'chat list (last message)' ? [inside.afterclearing!] : Object.values(inside);
    for (const message of expected) expect(shown.has(message.id), `${name} misses "${message.content}"`).toBe(true);
  });

  it('searching each word finds exactly the messages inside the view', async () => {
    for (const [word, message] of [...Object.entries(outside), ...Object.entries(inside)]) {
      const res = await server.api<{ results: SearchResult[] }>(viewer.token, 'GET', `/api/chats/search?q=${word}`);
      expect(
        res.body.data.results.map((r) => r.message.id),
        word,
      ).toEqual(word in inside ? [message.id] : []);
    }
  });

  it('unread counts only what is inside the view', async () => {
    const res = await server.api<{ chats: Chat[] }>(viewer.token, 'GET', '/api/chats');
    const unread = Object.fromEntries(res.body.data.chats.map((c) => [c.id, c.unreadCount]));
    expect(unread[group.id]).toBe(1); // "whilemember" (SYSTEM notices do not count)
    expect(unread[direct.id]).toBe(1); // "afterclearing"
  });

  it('files of messages outside the view are not found; those inside are served', async () => {
    for (const [word, message] of [...Object.entries(outside), ...Object.entries(inside)])
      expect((await download(server, viewer.token, message.fileUrl!)).status, word).toBe(word in inside ? 200 : 404);
  });

  it('receipts, cursors and message info refuse messages outside the view as unknown', async () => {
    for (const [word, message] of Object.entries(outside)) {
      const chatId = message.chatId;
      expect((await server.api(viewer.token, 'PUT', `/api/messages/${message.id}/read`)).status, word).toBe(404);
      expect((await server.api(viewer.token, 'GET', `/api/chats/${chatId}/messages?around=${message.id}`)).status, word).toBe(404);
      expect((await server.api(viewer.token, 'GET', `/api/messages/${message.id}/info`)).status, word).toBe(404);
    }
    expect((await server.api(viewer.token, 'PUT', `/api/messages/${inside.afterclearing!.id}/read`)).status).toBe(200);
  });

  it('over a socket, a receipt for a message outside the view is refused as FORBIDDEN', async () => {
    const socket = await server.connect(viewer.token);
    for (const [word, message] of Object.entries(outside)) {
      const ack = await emitWithAck(socket, 'messageRead', { messageId: message.id });
      expect(ack, word).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    }
    socket.disconnect();
  });

  it('a current member cannot react to, reply to or forward what they cleared; they can what they see', async () => {
    const cleared = outside.beforeclearing!;
    const seen = inside.afterclearing!;
    expect((await server.api(viewer.token, 'POST', `/api/messages/${cleared.id}/reactions`, { emoji: '👍' })).status).toBe(404);
    expect(
      (await server.api(viewer.token, 'POST', `/api/chats/${direct.id}/messages`, { content: 'ok', replyToId: cleared.id })).status,
    ).toBe(400);
    expect((await server.api(viewer.token, 'POST', `/api/messages/${cleared.id}/forward`, { chatIds: [direct.id] })).status).toBe(404);
    expect((await server.api(viewer.token, 'POST', `/api/messages/${seen.id}/reactions`, { emoji: '👍' })).status).toBeLessThan(300);
    expect((await server.api(viewer.token, 'POST', `/api/chats/${direct.id}/messages`, { content: 'ok', replyToId: seen.id })).status).toBe(
      201,
    );
    expect((await server.api(viewer.token, 'POST', `/api/messages/${seen.id}/forward`, { chatIds: [direct.id] })).status).toBe(201);
  });
});
