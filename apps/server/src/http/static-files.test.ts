/**
 * The web app's export as built (issue 13.17): precompressed Brotli or gzip by what the client
 * accepts, identity otherwise, always with `Vary: Accept-Encoding` and the original's type; hashed
 * assets immutable for a year, pages revalidated. The export here is a small stand-in, compressed
 * by the build's own script (scripts/precompress.mjs).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { IMMUTABLE } from './static-files.js';

const ASSET = '/_next/static/chunks/app-3f9c2b7e1d.js';
const ROOT = path.resolve(import.meta.dirname, '../../../..');
let webDir: string;
let server: TestServer;

const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(webDir, file)), { recursive: true });
  fs.writeFileSync(path.join(webDir, file), content);
};
const page = (title: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title><script src="${ASSET}" async></script></head><body>` +
  `${'<div class="flex items-center gap-2 rounded-lg">Samvad</div>'.repeat(60)}<script>self.__next_f=[${title.length}]</script></body></html>`;

beforeAll(async () => {
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-web-'));
  write(ASSET.slice(1), `(()=>{${Array.from({ length: 400 }, (_, i) => `const chat${i}=document.querySelector("#m${i}");`).join('')}})();`);
  write('index.html', page('Samvad'));
  write('chat.html', page('Chats'));
  write('404.html', page('Not found'));
  write('icon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>'); // too small to be worth compressing
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/precompress.mjs'), webDir]);
  server = await startTestServer({ env: { WEB_DIR: webDir } });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

/** GET with exactly these headers (fetch would add its own Accept-Encoding and decode the body). */
function get(route: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${server.url}${route}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const original = (file: string) => fs.readFileSync(path.join(webDir, file));
const CHROME = 'gzip, deflate, br, zstd';

describe('a hashed asset', () => {
  it('is sent as Brotli when the client accepts it, immutable for a year', async () => {
    const res = await get(ASSET, { 'accept-encoding': CHROME });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': IMMUTABLE });
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(original(ASSET).length / 4);
    expect(zlib.brotliDecompressSync(res.body).equals(original(ASSET))).toBe(true);
  });

  it('is sent as gzip when only gzip is accepted, or gzip is preferred', async () => {
    for (const acceptEncoding of ['gzip', 'br;q=0.5, gzip']) {
      const res = await get(ASSET, { 'accept-encoding': acceptEncoding });
      expect(res.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': IMMUTABLE });
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(zlib.gunzipSync(res.body).equals(original(ASSET))).toBe(true);
    }
  });

  it('is sent as it is to a client that accepts no encoding, still varying by it', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }] as Record<string, string>[]) {
      const res = await get(ASSET, headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers).toMatchObject({ 'cache-control': IMMUTABLE });
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.body.equals(original(ASSET))).toBe(true);
    }
  });

  it('answers 304 to a revalidation of the copy it sent', async () => {
    const first = await get(ASSET, { 'accept-encoding': CHROME });
    const again = await get(ASSET, { 'accept-encoding': CHROME, 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
  });
});

describe('pages', () => {
  it('are revalidated on every use (no-cache), compressed like assets', async () => {
    for (const [route, file] of [
      ['/chat', 'chat.html'],
      ['/', 'index.html'],
    ]) {
      const res = await get(route!, { 'accept-encoding': CHROME });
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'no-cache' });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(zlib.brotliDecompressSync(res.body).equals(original(file!))).toBe(true);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/); // the export's inline scripts
    }
    const plain = await get('/chat');
    expect(plain.headers).toMatchObject({ 'cache-control': 'no-cache' });
    expect(plain.body.equals(original('chat.html'))).toBe(true);
  });

  it('answers an unknown path with the 404 page, revalidated', async () => {
    const res = await get('/no-such-page', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(404);
    expect(res.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': 'no-cache' });
    expect(zlib.gunzipSync(res.body).equals(original('404.html'))).toBe(true);
  });

  it('sends a small file as it is, and never a file outside the export or a stale copy', async () => {
    const icon = await get('/icon.svg', { 'accept-encoding': CHROME });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    // An index.html rebuilt after its copies were written: the copies are ignored.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(webDir, 'index.html'), later, later);
    const rebuilt = await get('/', { 'accept-encoding': CHROME });
    expect(rebuilt.headers['content-encoding']).toBeUndefined();
    expect(rebuilt.body.equals(original('index.html'))).toBe(true);
  });
});
