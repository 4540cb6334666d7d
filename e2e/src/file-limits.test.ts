/**
 * The composer refuses what the server would refuse before uploading a byte of it (issue 13.13):
 * a file over its size limit and a file of a type that cannot be shared are named with the reason
 * and the limit, Send stays off, and no upload request is made. A file within the rules still goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, startServer, type RunningServer } from './harness.js';
import { makePng } from './png.js';

let server: RunningServer;
let browser: Browser;
let priya: Page;
const uploads: string[] = [];

const attach = (name: string, mimeType: string, buffer: Buffer) =>
  priya.locator('input[type=file]').setInputFiles({ name, mimeType, buffer });
/** The composer's alert (not Next.js's role="alert" route announcer, which reads out the title on navigation). */
const alert = () => priya.getByRole('alert').filter({ hasText: /\S/ }).and(priya.locator(':not(#__next-route-announcer__)'));
const sendButton = () => priya.getByRole('button', { name: 'Send' });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  priya = await signIn(browser, server.url, 'priya@samvad.local');
  priya.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/upload')) uploads.push(request.url());
  });
  await priya.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('files the server would refuse', () => {
  it('names a photo over 10 MB and a refused type with the reason, and uploads neither', async () => {
    // 12 MB that starts like a PNG: only its size is wrong.
    await attach('holiday-photo.png', 'image/png', Buffer.concat([makePng(8, 8), Buffer.alloc(12 * 1024 * 1024)]));
    await alert().filter({ hasText: 'holiday-photo.png is 12.0 MB. Images can be at most 10 MB.' }).waitFor();
    expect(await sendButton().isDisabled()).toBe(true);
    await priya.getByLabel('Type a message').fill('with a caption');
    await priya.getByLabel('Type a message').press('Enter'); // Enter does not send it either
    await screenshot(priya, 'file-too-large');
    await priya.getByRole('button', { name: 'Remove attachment' }).click();
    await alert().waitFor({ state: 'detached' });

    await attach('setup.exe', 'application/x-msdownload', Buffer.from('MZ not a document'));
    await alert()
      .filter({
        hasText: "setup.exe can't be sent. Only images (JPEG, PNG, WebP) and documents (PDF, DOC, DOCX, XLS, XLSX) can be shared.",
      })
      .waitFor();
    expect(await sendButton().isDisabled()).toBe(true);
    await priya.getByLabel('Type a message').press('Enter');
    await priya.getByRole('button', { name: 'Remove attachment' }).click();
    await priya.getByLabel('Type a message').fill('');

    // Give a wrongly started upload time to show itself before counting.
    await priya.waitForTimeout(300);
    expect(uploads).toEqual([]);
  });

  it('still uploads and sends a file within the rules', async () => {
    await attach('site-visit.png', 'image/png', makePng(8, 8));
    expect(await alert().count()).toBe(0);
    await sendButton().click();
    await priya.getByRole('list', { name: 'Messages' }).getByRole('img', { name: 'site-visit.png' }).waitFor();
    expect(uploads).toHaveLength(1);
  });
});
