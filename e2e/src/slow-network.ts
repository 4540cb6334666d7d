/**
 * Field use on a slow network (issue 14), in Chromium with DevTools' "Slow 3G" (2 s round trip,
 * 50 kB/s each way): time to the chat list on a cold start (empty cache) and a warm one (second
 * visit), and time to send a 3 MB camera photo until the server has it as a message.
 *
 * "before" is the app as it was before issue 14's field work, measured in the same run on the same
 * build: the service worker blocked (warm starts use the browser's HTTP cache only) and the photo
 * sent as it is ("HD"). "after" is the app as shipped. Not a test:
 *
 *   npx tsx e2e/src/slow-network.ts        # builds the web app if needed, starts the server
 *
 * Prints the figures and writes them to bench/results/slow-network.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bubble } from './chat-page.js';
import { launchBrowser, PASSWORD, ROOT, startServer, waitForChats } from './harness.js';
import { cameraPhoto } from './photos.js';

// Chrome DevTools' preset: 500 kbit/s × 0.8 each way, 400 ms × 5 latency.
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };

async function throttled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  return page;
}

async function timeToChatList(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(`${url}/chat`);
  await waitForChats(page);
  return Math.round(performance.now() - started);
}

async function measure(browser: Browser, url: string, mode: 'before' | 'after', photo: Buffer) {
  const session = (await (
    await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'priya@samvad.local', password: PASSWORD }),
    })
  ).json()) as { data: { token: string; user: unknown } };
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    serviceWorkers: mode === 'before' ? 'block' : 'allow',
  });
  await context.addInitScript(
    ([token, user]) => {
      localStorage.setItem('samvad.token', token);
      localStorage.setItem('samvad.user', user);
    },
    [session.data.token, JSON.stringify(session.data.user)] as const,
  );

  const first = await throttled(context);
  const coldStartMs = await timeToChatList(first, url);
  // The service worker finishes caching the app in the background before the next visit.
  if (mode === 'after') await first.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 300_000 });
  await first.close();

  const second = await throttled(context);
  const warmStartMs = await timeToChatList(second, url);
  await second.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
  await second.getByLabel('Type a message').waitFor();
  await second.locator('input[type=file]').setInputFiles({ name: 'classroom.jpg', mimeType: 'image/jpeg', buffer: photo });
  if (mode === 'before') await second.getByRole('button', { name: 'HD' }).click();
  const caption = `Classroom photo (${mode})`;
  await second.getByLabel('Type a message').fill(caption);
  const upload = second.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/upload'));
  const started = performance.now();
  await second.getByRole('button', { name: 'Send' }).click();
  const uploadedBytes = Number((await (await upload).allHeaders())['content-length']);
  await bubble(second, caption).and(second.locator('[data-message-id]:not([data-message-id^="local:"])')).waitFor();
  const photoSendMs = Math.round(performance.now() - started);
  await context.close();
  return { coldStartMs, warmStartMs, photoSendMs, photoUploadedBytes: uploadedBytes };
}

const photo = await cameraPhoto();
const server = await startServer();
const browser = await launchBrowser();
try {
  const results = {
    network: 'Slow 3G (2,000 ms latency, 50 kB/s down and up)',
    photoBytes: photo.length,
    before: await measure(browser, server.url, 'before', photo),
    after: await measure(browser, server.url, 'after', photo),
  };
  console.log(JSON.stringify(results, null, 2));
  const file = path.join(ROOT, 'bench/results/slow-network.json');
  fs.writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
  console.log(`written to ${path.relative(ROOT, file)}`);
} finally {
  await browser.close();
  await server.stop();
}
