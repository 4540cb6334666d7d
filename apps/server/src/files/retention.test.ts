import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { query } from '../db/client.js';
import { makePdf, makePng, upload } from './test/fixtures.js';
import { removeUnsentUploads, UNSENT_UPLOAD_TTL_MS } from './retention.js';
import { storageKeyFor, thumbnailKeyFor } from './service.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha');
  priya = await server.createUser('Priya');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

const exists = async (id: string) => (await query(server.app.ctx.db, sql`select 1 from attachments where id = ${id}`)).length === 1;
const cutoff = () => new Date(server.clock.now().getTime() - UNSENT_UPLOAD_TTL_MS);

describe('removeUnsentUploads', () => {
  it('removes uploads never sent after 24 h (rows and bytes, thumbnails too), in batches, and keeps the rest', async () => {
    const storage = server.app.ctx.storage;
    const unsentImage = (await upload(server, asha.token, chat.id, 'a.png', await makePng(50, 50))).body.data.attachment;
    const unsentDocs = [];
    for (let i = 0; i < 3; i++) unsentDocs.push((await upload(server, asha.token, chat.id, `d${i}.pdf`, makePdf())).body.data.attachment);
    const sent = (await upload(server, asha.token, chat.id, 'sent.png', await makePng(50, 50))).body.data.attachment;
    expect((await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { attachmentId: sent.attachmentId })).status).toBe(201);

    // Not yet 24 h old: nothing goes.
    server.clock.advance(UNSENT_UPLOAD_TTL_MS - 60_000);
    expect(await removeUnsentUploads(server.app.ctx, { olderThan: cutoff() })).toEqual({ removed: 0 });

    server.clock.advance(2 * 60_000);
    const fresh = (await upload(server, asha.token, chat.id, 'fresh.pdf', makePdf())).body.data.attachment;
    expect(await storage.exists(thumbnailKeyFor(unsentImage.attachmentId))).toBe(true);

    expect(await removeUnsentUploads(server.app.ctx, { olderThan: cutoff(), batchSize: 2 })).toEqual({ removed: 4 });
    for (const gone of [unsentImage, ...unsentDocs]) expect(await exists(gone.attachmentId)).toBe(false);
    expect(await storage.exists(storageKeyFor('IMAGE', unsentImage.attachmentId))).toBe(false);
    expect(await storage.exists(thumbnailKeyFor(unsentImage.attachmentId))).toBe(false);
    expect(await storage.exists(storageKeyFor('FILE', unsentDocs[0]!.attachmentId))).toBe(false);
    expect((await server.api(asha.token, 'GET', unsentImage.fileUrl)).status).toBe(404);

    // what was sent, and what is recent, stays
    expect(await exists(sent.attachmentId)).toBe(true);
    expect(await storage.exists(storageKeyFor('IMAGE', sent.attachmentId))).toBe(true);
    expect(await exists(fresh.attachmentId)).toBe(true);

    // a second run finds nothing to do
    expect(await removeUnsentUploads(server.app.ctx, { olderThan: cutoff() })).toEqual({ removed: 0 });
  });

  it('is idempotent when the bytes are already gone (a run that stopped half-way)', async () => {
    const doc = (await upload(server, asha.token, chat.id, 'half.pdf', makePdf())).body.data.attachment;
    await server.app.ctx.storage.delete(storageKeyFor('FILE', doc.attachmentId));
    server.clock.advance(UNSENT_UPLOAD_TTL_MS + 1000);
    const { removed } = await removeUnsentUploads(server.app.ctx, { olderThan: cutoff() });
    expect(removed).toBeGreaterThanOrEqual(1); // with the earlier test's fresh upload, now old too
    expect(await exists(doc.attachmentId)).toBe(false);
  });

  it('an upload removed by retention can no longer be sent', async () => {
    const doc = (await upload(server, asha.token, chat.id, 'late.pdf', makePdf())).body.data.attachment;
    server.clock.advance(UNSENT_UPLOAD_TTL_MS + 1000);
    await removeUnsentUploads(server.app.ctx, { olderThan: cutoff() });
    expect((await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { attachmentId: doc.attachmentId })).status).toBe(400);
  });
});
