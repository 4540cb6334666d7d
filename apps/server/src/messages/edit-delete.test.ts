import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message, SearchResult, SyncResult } from '@samvad/protocol';
import { collect, nextEvent, sleep, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { chatAs, createDirectChat, createGroupChat, history, send, syncToken } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let omar: TestUser;
let group: Chat;
let direct: Chat;

const MINUTE = 60_000;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  omar = await server.createUser('Omar');
  group = await createGroupChat(server, asha, 'Field team', [priya, ravi]);
  direct = await createDirectChat(server, asha, priya);
});
afterAll(() => server.close());

describe('editing', () => {
  it('lets the sender edit at 14:59, live to every member socket, re-parsing mentions', async () => {
    const msg = await send(server, asha, group.id, 'Visit at 10');
    const priyaSocket = await server.connect(priya.token);
    const ashaOtherTab = await server.connect(asha.token);
    const atPriya = nextEvent(priyaSocket, 'messageUpdated');
    const atAsha = nextEvent(ashaOtherTab, 'messageUpdated');
    server.clock.advance(14 * MINUTE + 59_000);
    const res = await server.api<{ message: Message }>(asha.token, 'PUT', `/api/messages/${msg.id}`, { content: 'Visit at 11 @Ravi' });
    expect(res.status).toBe(200);
    expect(res.body.data.message).toMatchObject({ id: msg.id, content: 'Visit at 11 @Ravi', isEdited: true, mentions: [ravi.user.id] });
    expect(res.body.data.message.editedAt).not.toBeNull();
    expect(await atPriya).toMatchObject({ id: msg.id, content: 'Visit at 11 @Ravi', isEdited: true, status: null });
    expect(await atAsha).toMatchObject({ id: msg.id, isEdited: true, status: 'SENT' });
    const seen = (await history(server, ravi, group.id)).find((m) => m.id === msg.id);
    expect(seen).toMatchObject({ content: 'Visit at 11 @Ravi', isEdited: true });
  });

  it('refuses at 15:01 with EDIT_WINDOW_EXPIRED and changes nothing', async () => {
    const msg = await send(server, asha, group.id, 'Original');
    server.clock.advance(15 * MINUTE + 1000);
    const res = await server.api(asha.token, 'PUT', `/api/messages/${msg.id}`, { content: 'Too late' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EDIT_WINDOW_EXPIRED');
    expect((await history(server, asha, group.id)).find((m) => m.id === msg.id)).toMatchObject({ content: 'Original', isEdited: false });
  });

  it('is for the sender only: other members 403, outsiders 404, empty text 400, SYSTEM lines 403', async () => {
    const msg = await send(server, asha, group.id, 'Mine');
    expect((await server.api(priya.token, 'PUT', `/api/messages/${msg.id}`, { content: 'x' })).status).toBe(403);
    const outsider = await server.api(omar.token, 'PUT', `/api/messages/${msg.id}`, { content: 'x' });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('NOT_FOUND');
    expect((await server.api(asha.token, 'PUT', `/api/messages/${msg.id}`, { content: '   ' })).status).toBe(400);
    expect((await server.api(asha.token, 'PUT', `/api/messages/${crypto.randomUUID()}`, { content: 'x' })).status).toBe(404);
    const system = (await history(server, asha, group.id)).find((m) => m.messageType === 'SYSTEM')!;
    expect((await server.api(asha.token, 'PUT', `/api/messages/${system.id}`, { content: 'x' })).status).toBe(403);
  });
  it('is for text only, and not for former members', async () => {
    const attachmentId = crypto.randomUUID();
    await server.app.ctx.db.execute(sql`
      insert into attachments (id, uploader_id, chat_id, kind, storage_key, file_name, mime_type, file_size)
      values (${attachmentId}, ${asha.user.id}, ${group.id}, 'FILE', ${`chat-files/${attachmentId}`}, 'plan.pdf', 'application/pdf', 10)`);
    const file = await send(server, asha, group.id, 'caption', { attachmentId });
    const res = await server.api(asha.token, 'PUT', `/api/messages/${file.id}`, { content: 'new caption' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');

    const team = await createGroupChat(server, asha, 'Leavers', [priya]);
    const msg = await send(server, priya, team.id, 'typo');
    await server.api(priya.token, 'DELETE', `/api/chats/${team.id}/participants/${priya.user.id}`);
    expect((await server.api(priya.token, 'PUT', `/api/messages/${msg.id}`, { content: 'fixed' })).status).toBe(403);
    expect((await server.api(priya.token, 'DELETE', `/api/messages/${msg.id}?for=everyone`)).status).toBe(403);
    // What they can still read, they may still tidy for themselves.
    expect((await server.api(priya.token, 'DELETE', `/api/messages/${msg.id}?for=me`)).status).toBe(200);
    // Forwarding into a chat they have left is refused; nothing is created elsewhere either.
    const source = await send(server, priya, direct.id, 'forward me');
    const before = (await history(server, priya, direct.id)).length;
    expect((await server.api(priya.token, 'POST', `/api/messages/${source.id}/forward`, { chatIds: [direct.id, team.id] })).status).toBe(
      403,
    );
    expect(await history(server, priya, direct.id)).toHaveLength(before);
  });
});

describe('delete for everyone', () => {
  it('is for the sender only', async () => {
    const msg = await send(server, asha, group.id, 'Keep me');
    expect((await server.api(priya.token, 'DELETE', `/api/messages/${msg.id}?for=everyone`)).status).toBe(403);
    expect((await server.api(omar.token, 'DELETE', `/api/messages/${msg.id}?for=everyone`)).status).toBe(404);
    expect((await server.api(omar.token, 'DELETE', `/api/messages/${msg.id}?for=me`)).status).toBe(404);
    expect((await server.api(asha.token, 'DELETE', `/api/messages/${msg.id}?for=all`)).status).toBe(400);
    expect((await history(server, priya, group.id)).find((m) => m.id === msg.id)?.content).toBe('Keep me');
  });

  it('soft-deletes live for every member; content is gone from every answer', async () => {
    const secret = await send(server, priya, direct.id, 'zebracode 4471 is the password');
    const reply = await send(server, asha, direct.id, 'Got it', { replyToId: secret.id });
    const ashaSocket = await server.connect(asha.token);
    const priyaOtherTab = await server.connect(priya.token);
    const atAsha = nextEvent(ashaSocket, 'messageDeleted');
    const atPriya = nextEvent(priyaOtherTab, 'messageDeleted');
    const unreadBefore = (await chatAs(server, asha, direct.id)).unreadCount;

    const res = await server.api<{ message: Message }>(priya.token, 'DELETE', `/api/messages/${secret.id}?for=everyone`);
    expect(res.status).toBe(200);
    expect(res.body.data.message).toMatchObject({ id: secret.id, isDeleted: true, content: null });
    expect(await atAsha).toEqual({ chatId: direct.id, messageId: secret.id });
    expect(await atPriya).toEqual({ chatId: direct.id, messageId: secret.id });

    // History keeps the place, without the content; the quote says it was deleted.
    const page = await history(server, asha, direct.id);
    expect(page.find((m) => m.id === secret.id)).toMatchObject({ isDeleted: true, content: null, reactions: [] });
    expect(page.find((m) => m.id === reply.id)?.replyTo).toMatchObject({ id: secret.id, isDeleted: true, content: null });
    expect(JSON.stringify(page)).not.toContain('zebracode');
    // Not unread, not searchable, not in recent, not in the chat list.
    expect((await chatAs(server, asha, direct.id)).unreadCount).toBe(unreadBefore - 1);
    const search = await server.api<{ results: SearchResult[] }>(asha.token, 'GET', '/api/chats/search?q=zebracode');
    expect(search.body.data.results).toEqual([]);
    const recent = await server.api<{ messages: Message[] }>(asha.token, 'GET', '/api/messages/recent?limit=50');
    expect(recent.body.data.messages.map((m) => m.id)).not.toContain(secret.id);
    const list = await server.api(asha.token, 'GET', '/api/chats');
    expect(JSON.stringify(list.body)).not.toContain('zebracode');

    // Nothing more can happen to it; deleting again is harmless.
    expect((await server.api(priya.token, 'PUT', `/api/messages/${secret.id}`, { content: 'x' })).status).toBe(400);
    expect((await server.api(asha.token, 'POST', `/api/messages/${secret.id}/reactions`, { emoji: '👍' })).status).toBe(400);
    expect((await server.api(asha.token, 'POST', `/api/messages/${secret.id}/forward`, { chatIds: [group.id] })).status).toBe(400);
    const events = collect(ashaSocket, 'messageDeleted');
    expect((await server.api(priya.token, 'DELETE', `/api/messages/${secret.id}?for=everyone`)).status).toBe(200);
    await sleep(100);
    expect(events).toEqual([]);
  });
});

describe('delete for me', () => {
  it('hides the message for the caller only: history, preview, unread, search', async () => {
    const first = await send(server, priya, direct.id, 'walrus meeting at noon');
    const last = await send(server, priya, direct.id, 'walrus agenda attached');
    const before = await chatAs(server, asha, direct.id);
    expect(before.lastMessage?.id).toBe(last.id);

    const res = await server.api(asha.token, 'DELETE', `/api/messages/${last.id}?for=me`);
    expect(res.status).toBe(200);
    const mine = await history(server, asha, direct.id);
    expect(mine.map((m) => m.id)).not.toContain(last.id);
    expect(mine.map((m) => m.id)).toContain(first.id);
    const after = await chatAs(server, asha, direct.id);
    expect(after.lastMessage?.id).toBe(first.id);
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    const search = await server.api<{ results: SearchResult[] }>(asha.token, 'GET', '/api/chats/search?q=walrus');
    expect(search.body.data.results.map((r) => r.message.id)).toEqual([first.id]);
    // The sender still has it, unchanged.
    expect((await history(server, priya, direct.id)).find((m) => m.id === last.id)).toMatchObject({ content: 'walrus agenda attached' });
  });

  it("tells the caller's other tabs at once, and no one else", async () => {
    const m = await send(server, priya, direct.id, 'hide me everywhere');
    const [tabOne, tabTwo, priyaSocket] = await Promise.all([asha, asha, priya].map((u) => server.connect(u.token)));
    const toPriya = collect(priyaSocket!, 'messageHidden');
    const hidden = nextEvent(tabTwo!, 'messageHidden');
    expect((await server.api(asha.token, 'DELETE', `/api/messages/${m.id}?for=me`)).status).toBe(200);
    expect(await hidden).toEqual({ chatId: direct.id, messageId: m.id });
    await sleep(100);
    expect(toPriya).toEqual([]);
    expect(tabOne!.connected).toBe(true);
  });
});

describe('catching up', () => {
  it('GET /api/sync returns edits, deletions, reactions and hides since the token', async () => {
    const edited = await send(server, asha, group.id, 'draft');
    const deleted = await send(server, asha, group.id, 'oops');
    const reacted = await send(server, priya, group.id, 'nice');
    const hidden = await send(server, priya, group.id, 'noise');
    const since = await syncToken(server, asha);

    await server.api(asha.token, 'PUT', `/api/messages/${edited.id}`, { content: 'final' });
    await server.api(asha.token, 'DELETE', `/api/messages/${deleted.id}?for=everyone`);
    await server.api(ravi.token, 'POST', `/api/messages/${reacted.id}/reactions`, { emoji: '❤️' });
    await server.api(asha.token, 'DELETE', `/api/messages/${hidden.id}?for=me`);

    const res = await server.api<SyncResult>(asha.token, 'GET', `/api/sync?since=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.data.messages.map((m) => [m.id, m]));
    expect(byId.get(edited.id)).toMatchObject({ content: 'final', isEdited: true });
    expect(byId.get(deleted.id)).toMatchObject({ isDeleted: true, content: null });
    expect(byId.get(reacted.id)?.reactions).toEqual([{ emoji: '❤️', count: 1, users: [ravi.user.id] }]);
    expect(byId.has(hidden.id)).toBe(false);
    expect(res.body.data.hiddenMessageIds).toEqual([hidden.id]);
  });
});
