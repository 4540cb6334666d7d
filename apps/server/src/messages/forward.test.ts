import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message } from '@samvad/protocol';
import { nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, createGroupChat, history, send } from '../test/factories.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let omar: TestUser;
let group: Chat;
let withPriya: Chat;
let withRavi: Chat;
let foreign: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  omar = await server.createUser('Omar');
  group = await createGroupChat(server, asha, 'Source', [priya]);
  withPriya = await createDirectChat(server, asha, priya);
  withRavi = await createDirectChat(server, asha, ravi);
  foreign = await createDirectChat(server, priya, omar);
});
afterAll(() => server.close());

const forward = (user: TestUser, messageId: string, chatIds: string[]) =>
  server.api<{ messages: Message[] }>(user.token, 'POST', `/api/messages/${messageId}/forward`, { chatIds });

describe('forwarding', () => {
  it('copies into several chats at once, marked forwarded, each pushed as newMessage', async () => {
    const source = await send(server, priya, group.id, 'School SCH-0042 visit moved to Friday', {
      context: { type: 'visit', visitId: 'v1' },
    });
    const reply = await send(server, priya, group.id, 'see above', { replyToId: source.id });
    const raviSocket = await server.connect(ravi.token);
    const atRavi = nextEvent(raviSocket, 'newMessage');
    const res = await forward(asha, reply.id, [withPriya.id, withRavi.id, withRavi.id]);
    expect(res.status).toBe(201);
    const copies = res.body.data.messages;
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      expect(copy).toMatchObject({ content: 'see above', isForwarded: true, replyTo: null, context: null, sender: { id: asha.user.id } });
    }
    expect(new Set(copies.map((c) => c.chatId))).toEqual(new Set([withPriya.id, withRavi.id]));
    expect(await atRavi).toMatchObject({ chatId: withRavi.id, isForwarded: true, content: 'see above' });
    expect((await history(server, ravi, withRavi.id)).at(-1)).toMatchObject({ isForwarded: true });
  });

  it('into a chat the caller is not in: 404 for the whole request, nothing created', async () => {
    const source = await send(server, asha, group.id, 'not for Omar');
    const before = (await history(server, asha, withPriya.id)).length;
    const res = await forward(asha, source.id, [withPriya.id, foreign.id]);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await history(server, asha, withPriya.id)).toHaveLength(before);
    expect((await history(server, omar, foreign.id)).map((m) => m.content)).not.toContain('not for Omar');
    // A message the caller cannot see cannot be forwarded either.
    const private_ = await send(server, priya, foreign.id, 'between us');
    expect((await forward(asha, private_.id, [withPriya.id])).status).toBe(404);
  });

  it('reuses the attachment without copying bytes', async () => {
    const attachmentId = crypto.randomUUID();
    await server.app.ctx.db.execute(sql`
      insert into attachments (id, uploader_id, chat_id, kind, storage_key, file_name, mime_type, file_size)
      values (${attachmentId}, ${priya.user.id}, ${group.id}, 'FILE', ${`chat-files/${attachmentId}`}, 'report.pdf', 'application/pdf', 1234)`);
    const source = await send(server, priya, group.id, 'the report', { attachmentId });
    expect(source).toMatchObject({ messageType: 'FILE', fileName: 'report.pdf' });
    const res = await forward(asha, source.id, [withRavi.id]);
    expect(res.status).toBe(201);
    expect(res.body.data.messages[0]).toMatchObject({
      messageType: 'FILE',
      fileUrl: source.fileUrl,
      fileName: 'report.pdf',
      fileSize: 1234,
      content: 'the report',
      isForwarded: true,
    });
    const rows = await server.app.ctx.db.execute(sql`select count(*)::int as n from attachments`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });

  it('validates the body', async () => {
    const source = await send(server, asha, group.id, 'x');
    expect((await forward(asha, source.id, [])).status).toBe(400);
    expect((await forward(asha, source.id, ['nope'])).status).toBe(400);
  });
});
