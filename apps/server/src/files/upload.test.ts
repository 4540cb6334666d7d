import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { query } from '../db/client.js';
import {
  download,
  makeCfb,
  makeDocx,
  makeElf,
  makeJpegWithExif,
  makePdf,
  makePlainZip,
  makePng,
  makeWebp,
  makeXlsx,
  upload,
} from './test/fixtures.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let outsider: TestUser;
let chat: Chat;

const tempDir = () => path.join(server.app.ctx.config.dataDir, 'tmp', 'uploads');
const storedDir = () => path.join(server.app.ctx.config.dataDir, 'files');
const listFiles = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
const attachmentCount = async () => (await query<{ n: number }>(server.app.ctx.db, sql`select count(*)::int as n from attachments`))[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  outsider = await server.createUser('Outsider');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

describe('uploading images', () => {
  it('stores a PNG, answers the contract’s attachment and makes a 320 px WebP thumbnail', async () => {
    const res = await upload(server, asha.token, chat.id, 'site-visit.png', await makePng(640, 480), 'image/png');
    expect(res.status).toBe(201);
    const { attachment } = res.body.data;
    expect(attachment).toMatchObject({
      fileUrl: `/api/files/${attachment.attachmentId}`,
      thumbnailUrl: `/api/files/${attachment.attachmentId}/thumbnail`,
      fileName: 'site-visit.png',
      mimeType: 'image/png',
      width: 640,
      height: 480,
    });
    expect(attachment.fileSize).toBeGreaterThan(0);
    const thumb = await download(server, asha.token, attachment.thumbnailUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
    const full = await download(server, asha.token, attachment.fileUrl);
    expect(full.bytes.length).toBe(attachment.fileSize);
    expect(await sharp(full.bytes).metadata()).toMatchObject({ format: 'png', width: 640, height: 480 });
  });

  it('applies the EXIF orientation, then strips EXIF and GPS', async () => {
    const original = await makeJpegWithExif();
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer tag
    const res = await upload(server, asha.token, chat.id, 'IMG_0001.JPG', original, 'image/jpeg');
    expect(res.status).toBe(201);
    const { attachment } = res.body.data;
    // 400×200 stored sideways, shown upright: 200 wide, 400 high
    expect(attachment).toMatchObject({ mimeType: 'image/jpeg', width: 200, height: 400 });
    const full = await download(server, asha.token, attachment.fileUrl);
    const after = await sharp(full.bytes).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
    expect(after.orientation).toBeUndefined();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(full.bytes.includes(Buffer.from('SECRET-MARKER'))).toBe(false);
    const thumb = await sharp((await download(server, asha.token, attachment.thumbnailUrl!)).bytes).metadata();
    expect(thumb).toMatchObject({ width: 160, height: 320 });
    expect(thumb.exif).toBeUndefined();
  });

  it('accepts WebP and never enlarges a small image for its thumbnail', async () => {
    const res = await upload(server, asha.token, chat.id, 'square.webp', await makeWebp(500, 500), 'image/webp');
    expect(res.status).toBe(201);
    expect(res.body.data.attachment).toMatchObject({ mimeType: 'image/webp', width: 500, height: 500 });
    const thumb = await download(server, asha.token, res.body.data.attachment.thumbnailUrl!);
    expect(await sharp(thumb.bytes).metadata()).toMatchObject({ width: 320, height: 320 });
    const small = await upload(server, asha.token, chat.id, 'tiny.png', await makePng(40, 20));
    const smallThumb = await download(server, asha.token, small.body.data.attachment.thumbnailUrl!);
    expect(await sharp(smallThumb.bytes).metadata()).toMatchObject({ width: 40, height: 20 });
  });
});

describe('uploading documents', () => {
  const cases: [string, () => Buffer, string][] = [
    ['report.pdf', makePdf, 'application/pdf'],
    ['Visit report.docx', makeDocx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['marks.xlsx', makeXlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['legacy.doc', makeCfb, 'application/msword'],
    ['legacy.xls', makeCfb, 'application/vnd.ms-excel'],
  ];
  it.each(cases)('stores %s byte for byte, without a thumbnail', async (name, make, mimeType) => {
    const bytes = make();
    const res = await upload(server, asha.token, chat.id, name, bytes, 'text/plain' /* the browser’s claim is ignored */);
    expect(res.status).toBe(201);
    expect(res.body.data.attachment).toMatchObject({
      fileName: name,
      mimeType,
      fileSize: bytes.length,
      thumbnailUrl: null,
      width: null,
      height: null,
    });
    const file = await download(server, asha.token, res.body.data.attachment.fileUrl);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.headers.get('content-type')).toBe(mimeType);
  });
});

describe('refusing what is not what it claims', () => {
  const spoofs: [string, string, () => Buffer | Promise<Buffer>][] = [
    ['text named .png', 'photo.png', () => Buffer.from('just some text, not an image')],
    ['HTML named .pdf', 'invoice.pdf', () => Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>')],
    ['SVG', 'logo.svg', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['SVG named .png', 'logo.png', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['HTML', 'page.html', () => Buffer.from('<html></html>')],
    ['an ELF executable named .pdf', 'manual.pdf', makeElf],
    ['an executable', 'setup.exe', makeElf],
    ['a plain zip named .docx', 'notes.docx', makePlainZip],
    ['a spreadsheet named .docx', 'sheet.docx', makeXlsx],
    ['a PNG named .jpg', 'photo.jpg', () => makePng(10, 10)],
    ['a PNG named .pdf', 'scan.pdf', () => makePng(10, 10)],
    ['a legacy OLE file named .docx', 'old.docx', makeCfb],
    ['a name without extension', 'README', makePdf],
  ];
  it.each(spoofs)('415 for %s, and nothing is kept', async (_what, name, make) => {
    const before = await attachmentCount();
    const storedBefore = listFiles(storedDir()).length;
    const res = await upload(server, asha.token, chat.id, name, await make());
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await attachmentCount()).toBe(before);
    expect(listFiles(storedDir())).toHaveLength(storedBefore);
    expect(listFiles(tempDir())).toEqual([]);
  });

  it('415 from the first bytes, before the rest of a large spoofed upload has arrived', async () => {
    // An executable named .pdf: 1 MB is sent, then the client stalls; the answer comes anyway.
    const answer = await stalledUpload(server, asha.token, chat.id, 'manual.pdf', Buffer.concat([makeElf(), Buffer.alloc(1024 * 1024)]));
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(listFiles(tempDir())).toEqual([]);
  });

  it('415 for an empty file', async () => {
    expect((await upload(server, asha.token, chat.id, 'empty.pdf', Buffer.alloc(0))).status).toBe(415);
  });

  it('415 for a truncated image that only starts like a PNG', async () => {
    const png = await makePng(200, 200);
    const res = await upload(server, asha.token, chat.id, 'broken.png', png.subarray(0, 60));
    expect(res.status).toBe(415);
    expect(listFiles(tempDir())).toEqual([]);
  });
});

describe('size limits', () => {
  it('413 for an image over 10 MB and a document over 25 MB; nothing stored, no temporary file left', async () => {
    const before = await attachmentCount();
    const storedBefore = listFiles(storedDir()).length;
    const bigImage = Buffer.concat([await makePng(10, 10), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const image = await upload(server, asha.token, chat.id, 'huge.png', bigImage).catch((e) => e as Error);
    if (image instanceof Error) throw image;
    expect(image.status).toBe(413);
    expect(image.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bigDocument = Buffer.concat([makePdf(), Buffer.alloc(25 * 1024 * 1024)]);
    const doc = await upload(server, asha.token, chat.id, 'huge.pdf', bigDocument);
    expect(doc.status).toBe(413);
    expect(await attachmentCount()).toBe(before);
    expect(listFiles(storedDir())).toHaveLength(storedBefore);
    expect(listFiles(tempDir())).toEqual([]);
  });

  it('answers 413 as soon as the limit is passed, before the client has finished sending', async () => {
    // A client that sends 10 MB + 64 KB of a ".png" and then stalls: the answer must come anyway,
    // which proves the limit is enforced while streaming rather than after the whole body arrived.
    const answer = await stalledUpload(
      server,
      asha.token,
      chat.id,
      'stall.png',
      Buffer.concat([await makePng(10, 10), Buffer.alloc(10 * 1024 * 1024 + 64 * 1024)]),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(listFiles(tempDir())).toEqual([]);
  });

  it('removes the partial file when the client goes away mid-upload', async () => {
    const before = await attachmentCount();
    await new Promise<void>((resolve) => {
      const boundary = 'b';
      const req = http.request(`${server.url}/api/chats/${chat.id}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${asha.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('error', () => undefined);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gone.pdf"\r\n\r\n`);
      req.write(Buffer.concat([makePdf(), Buffer.alloc(512 * 1024)]), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    for (let i = 0; i < 50 && listFiles(tempDir()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(listFiles(tempDir())).toEqual([]);
    expect(await attachmentCount()).toBe(before);
  });

  it('413 straight away when Content-Length already says too much', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/api/chats/${chat.id}/upload`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${asha.token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(30 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write('--x\r\n'); // and nothing more
    });
    expect(answer).toBe(413);
  });
});

describe('who may upload', () => {
  it('404 for someone who is not in the chat, and nothing is read or stored', async () => {
    const before = await attachmentCount();
    const res = await upload(server, outsider.token, chat.id, 'x.png', await makePng(10, 10));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(await attachmentCount()).toBe(before);
  });

  it('401 without a token; 400 without the `file` field or without multipart', async () => {
    const anonymous = await fetch(`${server.url}/api/chats/${chat.id}/upload`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
    const form = new FormData();
    form.append('other', 'value');
    const missing = await fetch(`${server.url}/api/chats/${chat.id}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${asha.token}` },
      body: form,
    });
    expect(missing.status).toBe(400);
    const json = await server.api(asha.token, 'POST', `/api/chats/${chat.id}/upload`, { file: 'x' });
    expect(json.status).toBe(400);
  });

  it('keeps a UTF-8 file name', async () => {
    const name = 'विद्यालय रिपोर्ट (final).pdf';
    const res = await upload(server, asha.token, chat.id, name, makePdf());
    expect(res.status).toBe(201);
    expect(res.body.data.attachment.fileName).toBe(name);
  });
});

describe('upload rate limit', () => {
  it('429 with Retry-After past the per-user limit', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_UPLOADS_PER_MIN: '2' } });
    try {
      const a = await limited.createUser('A');
      const b = await limited.createUser('B');
      const c = (await limited.api<{ chat: Chat }>(a.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: b.user.id })).body
        .data.chat;
      const png = await makePng(10, 10);
      expect((await upload(limited, a.token, c.id, '1.png', png)).status).toBe(201);
      expect((await upload(limited, a.token, c.id, '2.png', png)).status).toBe(201);
      const third = await upload(limited, a.token, c.id, '3.png', png);
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await upload(limited, b.token, c.id, 'b.png', png)).status).toBe(201); // per user
    } finally {
      await limited.close();
    }
  });
});

/**
 * Sends the multipart head and `bytes` of the file part but never finishes the request; resolves
 * with the server's answer once the server has answered and closed the connection.
 */
function stalledUpload(server: TestServer, token: string, chatId: string, fileName: string, bytes: Buffer) {
  const boundary = 'samvadboundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${server.url}/api/chats/${chatId}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      // the server answers and ends the connection (Connection: close): the rest of the upload is never stored
      res.on('end', () => {
        const done = () => resolve({ status: res.statusCode!, body });
        if (!req.socket || req.socket.destroyed) done();
        else req.socket.once('close', done);
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // writing into a connection the server closed may fail after the answer arrived
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.write(head);
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) req.write(bytes.subarray(offset, offset + 64 * 1024));
    // never req.end(): the upload stalls here
  });
}
