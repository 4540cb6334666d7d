/**
 * One contract for every storage driver: `local` on a temporary folder, `gcs` through the official
 * client library against the in-process GCS stand-in (test/gcs-stand-in.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from './storage.js';
import type { Storage } from './storage-contract.js';
import { createGcsStorage } from './gcs-storage.js';
import { startGcsStandIn, type GcsStandIn } from './test/gcs-stand-in.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-storage-'));
let standIn: GcsStandIn;
beforeAll(async () => {
  standIn = await startGcsStandIn();
});
afterAll(async () => {
  await standIn.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const drivers: [string, () => Storage][] = [
  ['local', () => createLocalStorage(path.join(work, 'local'))],
  ['gcs (stand-in)', () => createGcsStorage({ bucket: 'samvad-test', apiEndpoint: standIn.url, projectId: 'test' })],
];

function sourceFile(bytes: Buffer): string {
  const file = path.join(work, `src-${crypto.randomUUID()}`);
  fs.writeFileSync(file, bytes);
  return file;
}

describe.each(drivers)('storage contract: %s', (_name, make) => {
  let storage: Storage;
  beforeAll(() => {
    storage = make();
  });

  it('stores a file and streams back the same bytes', async () => {
    const bytes = crypto.randomBytes(300_000);
    await storage.putFile('chat-files/a1', sourceFile(bytes), 'application/pdf');
    expect(await storage.exists('chat-files/a1')).toBe(true);
    expect((await buffer(await storage.read('chat-files/a1'))).equals(bytes)).toBe(true);
  });

  it('replaces what was stored under the same key', async () => {
    await storage.putFile('chat-images/r1', sourceFile(Buffer.from('first')), 'image/png');
    await storage.putFile('chat-images/r1', sourceFile(Buffer.from('second')), 'image/png');
    expect(await text(await storage.read('chat-images/r1'))).toBe('second');
  });

  it('stores an empty file', async () => {
    await storage.putFile('chat-files/empty', sourceFile(Buffer.alloc(0)), 'application/pdf');
    expect((await buffer(await storage.read('chat-files/empty'))).length).toBe(0);
  });

  it('rejects reading an absent key with ENOENT', async () => {
    await expect(storage.read('chat-files/missing')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await storage.exists('chat-files/missing')).toBe(false);
  });

  it('deletes, and deleting again (or something never stored) is not an error', async () => {
    await storage.putFile('chat-files/d1', sourceFile(Buffer.from('bye')), 'application/pdf');
    await storage.delete('chat-files/d1');
    expect(await storage.exists('chat-files/d1')).toBe(false);
    await storage.delete('chat-files/d1');
    await storage.delete('chat-files/never');
    await expect(storage.read('chat-files/d1')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('local driver', () => {
  it('refuses keys that escape its folder', async () => {
    const storage = createLocalStorage(path.join(work, 'jail'));
    await expect(storage.putFile('../outside', sourceFile(Buffer.from('x')), 'text/plain')).rejects.toThrow(/escapes/);
  });
});

describe('gcs driver', () => {
  it('keeps objects under the bucket folders of the spec', async () => {
    const storage = createGcsStorage({ bucket: 'samvad-test', apiEndpoint: standIn.url, projectId: 'test' });
    await storage.putFile('chat-images/k1', sourceFile(Buffer.from('img')), 'image/webp');
    expect(standIn.objects.get('samvad-test/chat-images/k1')?.contentType).toBe('image/webp');
  });
});
