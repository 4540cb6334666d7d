/**
 * Photos travel small on slow networks (issue 14): the composer sends a phone-sized photo resized
 * to 1,600 px on its longest side, upright as the camera meant it (EXIF orientation), unless the
 * user presses "HD"; what reaches the server is measured from the upload request itself.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Message } from '@samvad/protocol';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
let priya: Page;
let photo: Buffer;

/** A 4,000 × 3,000 camera photo with detail (noise compresses badly, as real photos do), stored sideways: EXIF orientation 6. */
async function cameraPhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = (i % 3 === 0 ? 90 : 140) + (seed % 48);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Attaches the photo, optionally presses HD, sends, and answers the upload's size and the message the server made. */
async function sendPhoto(caption: string, hd: boolean): Promise<{ uploadedBytes: number; message: Message }> {
  await priya.locator('input[type=file]').setInputFiles({ name: 'classroom.jpg', mimeType: 'image/jpeg', buffer: photo });
  if (hd) await priya.getByRole('button', { name: 'HD' }).click();
  await priya.getByLabel('Type a message').fill(caption);
  const upload = priya.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/upload'));
  const sent = priya.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/upload'));
  await priya.getByRole('button', { name: 'Send' }).click();
  // What went over the wire: the multipart body's length (Playwright keeps no copy of a large body).
  const uploadedBytes = Number((await (await upload).allHeaders())['content-length']);
  expect((await sent).status()).toBe(201);
  const message = await priya.evaluate(async (text) => {
    const token = localStorage.getItem('samvad.token');
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const res = await fetch('/api/chats', { headers: { Authorization: `Bearer ${token}` } });
      const chats = ((await res.json()) as { data: { chats: { lastMessage: Message | null }[] } }).data.chats;
      const found = chats.find((c) => c.lastMessage?.content === text)?.lastMessage;
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no message "${text}"`);
  }, caption);
  return { uploadedBytes, message };
}

beforeAll(async () => {
  photo = await cameraPhoto();
  server = await startServer();
  browser = await launchBrowser();
  priya = await signIn(browser, server.url, 'priya@samvad.local', { width: 390, height: 844 });
  await priya.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('photos on slow networks', () => {
  it('sends a camera photo resized to 1,600 px and upright, a fraction of its size; HD sends the original', async () => {
    expect(photo.length).toBeGreaterThan(3_000_000);

    const small = await sendPhoto('Classroom, resized', false);
    expect(small.uploadedBytes).toBeLessThan(photo.length / 4);
    // Stored sideways as 4000 × 3000: upright it is 3000 × 4000, so resized 1200 × 1600.
    expect(small.message).toMatchObject({ messageType: 'IMAGE', width: 1200, height: 1600, mimeType: 'image/jpeg' });

    const original = await sendPhoto('Classroom, HD', true);
    expect(original.uploadedBytes).toBeGreaterThan(photo.length);
    expect(original.message).toMatchObject({ messageType: 'IMAGE', width: 3000, height: 4000 });
  });
});
