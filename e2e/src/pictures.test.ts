/**
 * Pictures of people and groups (issue 13.15): Priya sets hers in Settings (choose, crop, save)
 * and Asha sees it at once in her chat list and the conversation header; Asha, the group's admin,
 * sets the group picture in its info panel and Priya sees it; Priya, a plain member, cannot.
 * Initials stay wherever there is no picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { makeScenePng } from './png.js';

let server: RunningServer;
let browser: Browser;
let asha: Page;
let priya: Page;

const chatItem = (page: Page, name: string) => page.getByRole('list', { name: 'Chats' }).getByRole('button', { name, exact: true });
const header = (page: Page) => page.getByRole('button', { name: /^(Group|Contact) info$/ });
/** An avatar showing a loaded picture (not initials) inside `scope`. */
const picture = (scope: Locator) => scope.locator('[data-avatar="picture"] img');
const isLoaded = (image: Locator) => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

/** Picks a file with the picture field's button, then saves the crop dialog's square. */
async function choosePicture(page: Page, buttonName: string, dialogName: string, png: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: buttonName }).click();
  await (await chooser).setFiles({ name: 'picture.png', mimeType: 'image/png', buffer: png });
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.locator('img').waitFor(); // the cropper has the image
  await dialog.getByRole('button', { name: 'Save picture' }).click();
  await dialog.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pictures', () => {
  it('Priya sets her picture in Settings; Asha sees it in her chat list and the conversation header', async () => {
    [asha, priya] = await Promise.all([
      signIn(browser, server.url, 'admin@samvad.local'),
      signIn(browser, server.url, 'priya@samvad.local'),
    ]);
    await expect(picture(chatItem(asha, 'Priya Sharma')).count()).resolves.toBe(0); // initials before
    await priya.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await choosePicture(priya, 'Choose your picture', 'Your picture', makeScenePng(640, 480, [200, 80, 60]));
    const settings = priya.locator('main');
    await picture(settings).first().waitFor();
    expect(await isLoaded(picture(settings).first())).toBe(true);
    await settings.getByRole('button', { name: 'Remove your picture' }).waitFor();

    // Live: the push reaches Asha's open list, no reload.
    await picture(chatItem(asha, 'Priya Sharma')).waitFor();
    expect(await isLoaded(picture(chatItem(asha, 'Priya Sharma')))).toBe(true);
    await chatItem(asha, 'Priya Sharma').click();
    await picture(header(asha)).waitFor();
    expect(await isLoaded(picture(header(asha)))).toBe(true);
  });

  it('Asha, the group admin, sets the group picture; Priya sees it and cannot change it', async () => {
    await chatItem(asha, 'Field Team - Mumbai').click();
    await header(asha).click();
    const info = asha.getByRole('complementary', { name: 'Group info' });
    await choosePicture(asha, 'Choose group picture', 'Group picture', makeScenePng(800, 500, [40, 120, 200]));
    await picture(info).first().waitFor();
    // Priya's picture is in the member list too.
    await expect(picture(info.getByRole('list', { name: 'Members' })).count()).resolves.toBeGreaterThan(0);

    await priya.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Chat/ }).click();
    await picture(chatItem(priya, 'Field Team - Mumbai')).waitFor();
    await chatItem(priya, 'Field Team - Mumbai').click();
    await picture(header(priya)).waitFor();
    await header(priya).click();
    await priya.getByRole('list', { name: 'Members' }).waitFor();
    await expect(priya.getByRole('button', { name: 'Choose group picture' }).count()).resolves.toBe(0);
  });
});
