import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { createDirectChat, createGroupChat, history, send } from '../test/factories.js';
import { query } from '../db/client.js';
import { eraseDeletedMessages, runRetention, scheduleRetention } from './retention.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let group: Chat;
let direct: Chat;

const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  group = await createGroupChat(server, asha, 'Retention', [priya]);
  direct = await createDirectChat(server, asha, priya);
});
afterAll(() => server.close());

/** An upload whose bytes really are in storage, as the upload route would leave it. */
async function upload(owner: TestUser, chatId: string): Promise<{ id: string; key: string }> {
  const id = crypto.randomUUID();
  const key = `chat-files/${id}`;
  const source = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-upload-')), 'f.pdf');
  fs.writeFileSync(source, '%PDF-1.4 test');
  await server.app.ctx.storage.putFile(key, source, 'application/pdf');
  await server.app.ctx.db.execute(sql`
    insert into attachments (id, uploader_id, chat_id, kind, storage_key, file_name, mime_type, file_size)
    values (${id}, ${owner.user.id}, ${chatId}, 'FILE', ${key}, 'f.pdf', 'application/pdf', 13)`);
  return { id, key };
}

const rowOf = async (id: string) =>
  (
    await query<{ content: string | null; erased_at: string | null; context: unknown; reactions: number; earlier_versions: number }>(
      server.app.ctx.db,
      sql`select content, erased_at, context, (select count(*)::int from reactions r where r.message_id = m.id) as reactions,
            (select count(*)::int from message_edits e where e.message_id = m.id) as earlier_versions
          from messages m where id = ${id}`,
    )
  )[0]!;

const deleteForEveryone = async (user: TestUser, m: Message) =>
  expect((await server.api(user.token, 'DELETE', `/api/messages/${m.id}?for=everyone`)).status).toBe(200);

describe('retention job', () => {
  it('erases content and files of messages deleted for everyone more than 30 days ago, once', async () => {
    const file = await upload(priya, group.id);
    const withFile = await send(server, priya, group.id, 'caption with secret', { attachmentId: file.id, context: { visitId: 'v9' } });
    const text = await send(server, priya, group.id, 'secret text, first version');
    expect((await server.api(priya.token, 'PUT', `/api/messages/${text.id}`, { content: 'secret text' })).status).toBe(200);
    const kept = await send(server, priya, group.id, 'not deleted');
    await server.api(asha.token, 'POST', `/api/messages/${text.id}/reactions`, { emoji: '👍' });
    await deleteForEveryone(priya, withFile);
    await deleteForEveryone(priya, text);
    // Deleted only recently: kept until the 30 days are over.
    server.clock.advance(29 * DAY);
    await runRetention(server.app.ctx);
    expect(await rowOf(text.id)).toMatchObject({ content: 'secret text', earlier_versions: 1 });
    expect(await server.app.ctx.storage.exists(file.key)).toBe(true);

    server.clock.advance(2 * DAY);
    const report = await runRetention(server.app.ctx);
    expect(report).toEqual({ messages: 2, files: 1, unsentUploads: 0 });
    for (const id of [withFile.id, text.id]) {
      expect(await rowOf(id)).toMatchObject({ content: null, context: null, reactions: 0, earlier_versions: 0 });
      expect((await rowOf(id)).erased_at).not.toBeNull();
    }
    expect((await rowOf(kept.id)).content).toBe('not deleted');
    expect(await server.app.ctx.storage.exists(file.key)).toBe(false);
    // The conversation keeps the placeholders.
    const page = await history(server, asha, group.id);
    expect(page.find((m) => m.id === text.id)).toMatchObject({ isDeleted: true, content: null });
    // Idempotent: a second run finds nothing.
    expect(await runRetention(server.app.ctx)).toEqual({ messages: 0, files: 0, unsentUploads: 0 });
  });

  it('keeps a file that a forwarded copy still shows', async () => {
    const file = await upload(priya, group.id);
    const original = await send(server, priya, group.id, 'shared doc', { attachmentId: file.id });
    const forwarded = await server.api<{ messages: Message[] }>(asha.token, 'POST', `/api/messages/${original.id}/forward`, {
      chatIds: [direct.id],
    });
    expect(forwarded.status).toBe(201);
    await deleteForEveryone(priya, original);
    server.clock.advance(31 * DAY);
    expect(await runRetention(server.app.ctx)).toEqual({ messages: 1, files: 0, unsentUploads: 0 });
    expect(await server.app.ctx.storage.exists(file.key)).toBe(true);
    // Once the copy is deleted and aged too, the bytes go.
    await deleteForEveryone(asha, forwarded.body.data.messages[0]!);
    server.clock.advance(31 * DAY);
    expect(await runRetention(server.app.ctx)).toEqual({ messages: 1, files: 1, unsentUploads: 0 });
    expect(await server.app.ctx.storage.exists(file.key)).toBe(false);
  });

  it('works through any number of messages in batches', async () => {
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await send(server, asha, direct.id, `batch ${i}`));
    for (const m of sent) await deleteForEveryone(asha, m);
    server.clock.advance(31 * DAY);
    expect(await eraseDeletedMessages(server.app.ctx, { batchSize: 3 })).toEqual({ messages: 7, files: 0 });
    for (const m of sent) expect((await rowOf(m.id)).content).toBeNull();
  });

  it('removes uploads never sent in a message once they are a day old', async () => {
    const file = await upload(priya, group.id);
    const age = async (hours: number) =>
      server.app.ctx.db.execute(
        sql`update attachments set created_at = ${new Date(server.clock.now().getTime() - hours * 3600_000)} where id = ${file.id}`,
      );
    await age(23);
    expect((await runRetention(server.app.ctx)).unsentUploads).toBe(0);
    expect(await server.app.ctx.storage.exists(file.key)).toBe(true);
    await age(25);
    expect((await runRetention(server.app.ctx)).unsentUploads).toBe(1);
    expect(await server.app.ctx.storage.exists(file.key)).toBe(false);
  });

  it('runs on its schedule', async () => {
    const m = await send(server, asha, direct.id, 'scheduled');
    await deleteForEveryone(asha, m);
    server.clock.advance(31 * DAY);
    const stop = scheduleRetention(server.app.ctx, { firstRunMs: 1 });
    try {
      await expect.poll(async () => (await rowOf(m.id)).content).toBeNull();
    } finally {
      stop();
    }
  });
});
