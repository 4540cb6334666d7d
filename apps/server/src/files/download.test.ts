import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from '@samvad/protocol';
import { emitWithAck, nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { download, makeDocx, makeJpegWithExif, makePdf, makePng, upload } from './test/fixtures.js';
import { FILE_SESSION_TTL_MS } from './session.js';
import { storageKeyFor } from './service.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let ravi: TestUser;
let outsider: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  outsider = await server.createUser('Outsider');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

const send = (token: string, chatId: string, body: Record<string, unknown>) =>
  server.api<{ message: Message }>(token, 'POST', `/api/chats/${chatId}/messages`, body);

describe('sending and downloading an image', () => {
  it('is private to the uploader until sent, then reaches the other member with its layout fields', async () => {
    const uploaded = (await upload(server, asha.token, chat.id, 'visit.jpg', await makeJpegWithExif())).body.data.attachment;
    expect((await download(server, asha.token, uploaded.fileUrl)).status).toBe(200);
    expect((await download(server, priya.token, uploaded.fileUrl)).status).toBe(404);
    expect((await download(server, priya.token, uploaded.thumbnailUrl!)).status).toBe(404);

    const priyaSocket = await server.connect(priya.token);
    const arriving = nextEvent(priyaSocket, 'newMessage');
    const ashaSocket = await server.connect(asha.token);
    const ack = await emitWithAck<{ success: boolean; message: Message }>(ashaSocket, 'sendMessage', {
      chatId: chat.id,
      attachmentId: uploaded.attachmentId,
      content: 'School gate, 10 am',
    });
    expect(ack.success).toBe(true);
    const message = await arriving;
    expect(message).toMatchObject({
      messageType: 'IMAGE',
      content: 'School gate, 10 am',
      fileUrl: uploaded.fileUrl,
      thumbnailUrl: uploaded.thumbnailUrl,
      fileName: 'visit.jpg',
      mimeType: 'image/jpeg',
      width: 200,
      height: 400,
      fileSize: uploaded.fileSize,
    });

    const file = await download(server, priya.token, message.fileUrl!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename="visit.jpg"; filename*=UTF-8''visit.jpg`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
    const thumb = await download(server, priya.token, message.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 160, height: 320 });

    expect((await download(server, outsider.token, message.fileUrl!)).status).toBe(404);
    expect((await download(server, outsider.token, message.thumbnailUrl!)).status).toBe(404);
    expect((await download(server, null, message.fileUrl!)).status).toBe(401);
  });

  it('reuses the attachment when sent again into the same chat, but only by its uploader', async () => {
    const uploaded = (await upload(server, asha.token, chat.id, 'again.png', await makePng(100, 50))).body.data.attachment;
    const first = await send(asha.token, chat.id, { attachmentId: uploaded.attachmentId });
    const second = await send(asha.token, chat.id, { attachmentId: uploaded.attachmentId, content: 'once more' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.data.message.fileUrl).toBe(first.body.data.message.fileUrl);
    expect(second.body.data.message.messageType).toBe('IMAGE');
    // Priya can see it but cannot send Asha's upload as her own
    expect((await send(priya.token, chat.id, { attachmentId: uploaded.attachmentId })).status).toBe(400);
    // nor can Asha send it into a chat it was never uploaded to or shared in
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
        type: 'GROUP',
        name: 'Elsewhere',
        participantIds: [ravi.user.id],
      })
    ).body.data.chat;
    expect((await send(asha.token, group.id, { attachmentId: uploaded.attachmentId })).status).toBe(400);
    expect((await download(server, ravi.token, uploaded.fileUrl)).status).toBe(404);
  });

  it('answers 304 to a revalidation with the ETag', async () => {
    const uploaded = (await upload(server, asha.token, chat.id, 'etag.png', await makePng(20, 20))).body.data.attachment;
    const first = await download(server, asha.token, uploaded.fileUrl);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await download(server, asha.token, uploaded.fileUrl, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it('404, not cached, when the stored bytes are missing', async () => {
    const uploaded = (await upload(server, asha.token, chat.id, 'lost.pdf', makePdf())).body.data.attachment;
    await server.app.ctx.storage.delete(storageKeyFor('FILE', uploaded.attachmentId));
    const lost = await download(server, asha.token, uploaded.fileUrl);
    expect(lost.status).toBe(404);
    expect(lost.headers.get('cache-control') ?? '').not.toContain('immutable');
  });

  it('404 for ids that are unknown or not ids at all', async () => {
    expect((await download(server, asha.token, `/api/files/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await download(server, asha.token, '/api/files/not-a-uuid')).status).toBe(404);
    expect((await download(server, asha.token, '/api/files/not-a-uuid/thumbnail')).status).toBe(404);
  });
});

describe('documents', () => {
  it('downloads as an attachment with the original UTF-8 name (RFC 5987) and no thumbnail', async () => {
    const name = 'रिपोर्ट "Q3" (final).docx';
    const bytes = makeDocx();
    const uploaded = (await upload(server, asha.token, chat.id, name, bytes)).body.data.attachment;
    const sent = await send(asha.token, chat.id, { attachmentId: uploaded.attachmentId });
    expect(sent.body.data.message).toMatchObject({ messageType: 'FILE', fileName: name, thumbnailUrl: null });
    const file = await download(server, priya.token, uploaded.fileUrl);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(bytes)).toBe(true);
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition.startsWith('attachment; filename="')).toBe(true);
    const encoded = disposition.match(/filename\*=UTF-8''(.+)$/)![1]!;
    expect(decodeURIComponent(encoded)).toBe(name);
    expect(encoded).not.toMatch(/["'() ]/);
    expect(file.headers.get('content-length')).toBe(String(bytes.length));
    expect((await download(server, priya.token, `${uploaded.fileUrl}/thumbnail`)).status).toBe(404);
  });
});

describe('group visibility', () => {
  it('follows what each member may see: later joiners no, removed members yes (history up to removal)', async () => {
    const group = (
      await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'GROUP', name: 'Visits', participantIds: [priya.user.id] })
    ).body.data.chat;
    const uploaded = (await upload(server, asha.token, group.id, 'plan.pdf', makePdf())).body.data.attachment;
    expect((await send(asha.token, group.id, { attachmentId: uploaded.attachmentId })).status).toBe(201);
    expect((await server.api(asha.token, 'POST', `/api/chats/${group.id}/participants`, { userIds: [ravi.user.id] })).status).toBeLessThan(
      300,
    );
    expect((await download(server, ravi.token, uploaded.fileUrl)).status).toBe(404);
    expect((await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${priya.user.id}`)).status).toBeLessThan(300);
    expect((await download(server, priya.token, uploaded.fileUrl)).status).toBe(200);
  });
});

describe('the files cookie for <img> tags', () => {
  const cookieOf = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('samvad_files='))!;

  it('is issued for a bearer token as HttpOnly, SameSite=Strict, Path=/api/files, and opens downloads', async () => {
    const uploaded = (await upload(server, asha.token, chat.id, 'cookie.png', await makePng(30, 30))).body.data.attachment;
    await send(asha.token, chat.id, { attachmentId: uploaded.attachmentId });
    const session = await server.api<{ expiresAt: string }>(priya.token, 'POST', '/api/files/session');
    expect(session.status).toBe(200);
    const setCookie = cookieOf(session.headers);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/files/);
    expect(setCookie).not.toContain(priya.token);
    const cookie = setCookie.split(';')[0]!;
    expect((await download(server, null, uploaded.thumbnailUrl!, { cookie })).status).toBe(200);
    expect((await download(server, null, uploaded.fileUrl, { cookie })).status).toBe(200);

    // the cookie is only good for files, and only the user's own files
    expect((await server.api(null, 'GET', '/api/chats')).status).toBe(401);
    const foreign = (await upload(server, asha.token, chat.id, 'unsent.png', await makePng(30, 30))).body.data.attachment;
    expect((await download(server, null, foreign.fileUrl, { cookie })).status).toBe(404);

    // a tampered cookie is refused
    const tampered = cookie.replace(priya.user.id, asha.user.id);
    expect((await download(server, null, foreign.fileUrl, { cookie: tampered })).status).toBe(401);

    // and it expires
    server.clock.advance(FILE_SESSION_TTL_MS + 1000);
    expect((await download(server, null, uploaded.fileUrl, { cookie })).status).toBe(401);
  });

  it('cannot be obtained without a bearer token, and DELETE clears it', async () => {
    expect((await server.api(null, 'POST', '/api/files/session')).status).toBe(401);
    const cleared = await server.api(null, 'DELETE', '/api/files/session');
    expect(cleared.status).toBe(200);
    expect(cookieOf(cleared.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
