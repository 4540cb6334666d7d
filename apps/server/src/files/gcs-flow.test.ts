/**
 * The whole upload → send → download flow with STORAGE_DRIVER=gcs, the official client library
 * talking to the in-process GCS stand-in: the bytes live only in the "bucket".
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { createApp, type App } from '../app.js';
import type { Database } from '../db/client.js';
import { createUser } from '../users/service.js';
import { openTestDatabase, testConfig } from '../test/harness.js';
import { createGcsStorage } from './gcs-storage.js';
import { removeUnsentUploads } from './retention.js';
import { startGcsStandIn, type GcsStandIn } from './test/gcs-stand-in.js';
import { makeJpegWithExif, makePdf } from './test/fixtures.js';

let standIn: GcsStandIn;
let database: Database;
let app: App;
let url: string;
let tokens: { asha: string; priya: string };
let chat: Chat;

beforeAll(async () => {
  standIn = await startGcsStandIn();
  database = await openTestDatabase();
  const config = testConfig({ STORAGE_DRIVER: 'gcs', GCS_BUCKET: 'samvad-files' });
  app = createApp({
    config,
    database,
    logger: pino({ level: 'silent' }),
    storage: createGcsStorage({ bucket: config.gcsBucket!, apiEndpoint: standIn.url, projectId: 'test' }),
  });
  url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  const asha = await createUser(app.ctx, { name: 'Asha', email: 'asha@gcs.test', password: 'password-123', role: 'ADMIN' });
  const priya = await createUser(app.ctx, { name: 'Priya', email: 'priya@gcs.test', password: 'password-123', role: 'EMPLOYEE' });
  const sign = (u: { id: string; role: 'ADMIN' | 'EMPLOYEE' }) => app.ctx.tokens.sign({ userId: u.id, role: u.role });
  tokens = { asha: await sign(asha), priya: await sign(priya) };
  const created = await fetch(`${url}/api/chats`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.asha}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'ONE_ON_ONE', participantId: priya.id }),
  });
  chat = ((await created.json()) as { data: { chat: Chat } }).data.chat;
});
afterAll(async () => {
  await app.close();
  await database.close();
  fs.rmSync(app.ctx.config.dataDir, { recursive: true, force: true });
  await standIn.close();
});

async function uploadFile(name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await fetch(`${url}/api/chats/${chat.id}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.asha}` },
    body: form,
  });
  return {
    status: r.status,
    attachment: ((await r.json()) as { data: { attachment: { attachmentId: string; fileUrl: string; thumbnailUrl: string | null } } }).data
      ?.attachment,
  };
}

describe('uploads on the gcs driver', () => {
  it('stores image, thumbnail and document in the bucket folders and serves them back', async () => {
    const image = await uploadFile('visit.jpg', await makeJpegWithExif());
    expect(image.status).toBe(201);
    const pdf = makePdf();
    const doc = await uploadFile('plan.pdf', pdf);
    expect(doc.status).toBe(201);
    const keys = [...standIn.objects.keys()];
    expect(keys).toContain(`samvad-files/chat-images/${image.attachment.attachmentId}`);
    expect(keys).toContain(`samvad-files/chat-images/${image.attachment.attachmentId}-thumb.webp`);
    expect(keys).toContain(`samvad-files/chat-files/${doc.attachment.attachmentId}`);
    expect(fs.existsSync(path.join(app.ctx.config.dataDir, 'files'))).toBe(false); // nothing on local disk

    for (const a of [image.attachment, doc.attachment]) {
      const sent = await fetch(`${url}/api/chats/${chat.id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.asha}`, 'content-type': 'application/json' },
        body: JSON.stringify({ attachmentId: a.attachmentId }),
      });
      expect(sent.status).toBe(201);
    }
    const get = (route: string) => fetch(`${url}${route}`, { headers: { authorization: `Bearer ${tokens.priya}` } });
    const thumb = await get(image.attachment.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ width: 160, height: 320 });
    const file = await get(doc.attachment.fileUrl);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('retention removes the objects of unsent uploads from the bucket', async () => {
    const doc = await uploadFile('draft.pdf', makePdf());
    const key = `samvad-files/chat-files/${doc.attachment.attachmentId}`;
    expect(standIn.objects.has(key)).toBe(true);
    const { removed } = await removeUnsentUploads(app.ctx, { olderThan: new Date(Date.now() + 1000) });
    expect(removed).toBe(1);
    expect(standIn.objects.has(key)).toBe(false);
  });
});
