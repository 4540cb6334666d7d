/**
 * Search across all chats (issue 13.2): it takes the chat list's place, on a desktop and on a phone,
 * with its results on screen at once (the page does not grow or scroll), reachable with the keyboard
 * (focus in its field, Tab or ArrowDown to the hits, Enter opens one), and Escape closes it with the
 * focus back on its button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, focusedLabel, pageOverflow } from './chat-page.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;

const WORD = 'Quokkaberry';

const searchPanel = (p: Page) => p.getByRole('complementary', { name: 'Search messages' });
const viewport = (p: Page) => p.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await restAs(server.url, 'admin@samvad.local');
  const group = await admin.chatNamed('Field Team - Mumbai');
  await admin.sendText(group.id, `The ${WORD} school needs chairs`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function searchAllChats(page: Page) {
  await page.getByRole('button', { name: 'Search all chats' }).click();
  await searchPanel(page).waitFor();
  expect(await focusedLabel(page)).toBe('Search text');
  // In the list's place, inside the screen, with the list hidden under it.
  const box = (await searchPanel(page).boundingBox())!;
  const size = await viewport(page);
  expect(box.x).toBeLessThan(1);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height + 1);
  expect(await page.getByRole('list', { name: 'Chats' }).isVisible()).toBe(false);
  await page.keyboard.type(WORD);
  await page.keyboard.press('Enter');
  const hit = searchPanel(page)
    .getByRole('list', { name: 'Search results' })
    .getByRole('button', { name: new RegExp(WORD) });
  await hit.waitFor();
  const hitBox = (await hit.boundingBox())!;
  expect(hitBox.y + hitBox.height).toBeLessThanOrEqual(size.height);
  expect(await pageOverflow(page)).toEqual({ x: 0, y: 0, scrollY: 0 });
  expect((await page.getByRole('navigation', { name: 'Main' }).boundingBox())!.y).toBe(0);
}

describe('search across all chats', () => {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`replaces the chat list at ${size.width} px, arrows and Enter open a hit, Escape gives the focus back`, async () => {
      const page = await signIn(browser, server.url, 'priya@samvad.local', size);
      await searchAllChats(page);
      // Escape closes it; the focus goes back to the button that opened it, the list is back.
      await page.keyboard.press('Escape');
      await searchPanel(page).waitFor({ state: 'detached' });
      expect(await focusedLabel(page)).toBe('Search all chats');
      expect(await page.getByRole('list', { name: 'Chats' }).isVisible()).toBe(true);
      // Tab reaches the hits too (after the filters); ArrowDown from the field goes to the first one; Enter opens it.
      await searchAllChats(page);
      for (let i = 0; i < 16 && (await focusedLabel(page)) !== 'hit'; i++) await page.keyboard.press('Tab');
      expect(await focusedLabel(page)).toBe('hit');
      await page.getByRole('searchbox', { name: 'Search text' }).focus();
      await page.keyboard.press('ArrowDown');
      expect(await focusedLabel(page)).toBe('hit');
      await page.keyboard.press('Enter');
      await searchPanel(page).waitFor({ state: 'detached' });
      await bubble(page, WORD).waitFor();
      expect(await bubble(page, WORD).isVisible()).toBe(true);
      await page.context().close();
    }, 90_000);
  }
});
