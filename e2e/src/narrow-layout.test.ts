/**
 * Narrow layouts (issue 13.10): below 1100 px the side panels lie over the conversation instead of
 * squeezing it (close button and Escape); nothing is wider than the screen from 320 px up, and no
 * bubble content is wider than its bubble (long words, long links, wide and tall pictures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, focusedLabel, pageOverflow } from './chat-page.js';
import { makeScenePng } from './png.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;

const WORD = 'Quokkaberry';
const LONG_WORD = `Pneumonoultramicroscopicsilicovolcanoconiosis${'x'.repeat(60)}`;
const LONG_URL = `https://example.org/reports/2026/field-visits/${'a1b2c3d4'.repeat(16)}?school=mumbai-central`;

const groupInfo = (p: Page) => p.getByRole('complementary', { name: 'Group info' });
const conversation = (p: Page) => p.getByRole('region', { name: 'Conversation with Field Team - Mumbai' });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await restAs(server.url, 'admin@samvad.local');
  const group = await admin.chatNamed('Field Team - Mumbai');
  await admin.sendImage(group.id, 'wide.png', makeScenePng(1600, 500), 'A wide picture');
  await admin.sendImage(group.id, 'tall.png', makeScenePng(500, 1600), 'A tall picture');
  await admin.sendText(group.id, `A long word: ${LONG_WORD}`);
  await admin.sendText(group.id, `The report: ${LONG_URL}`);
  await admin.sendText(group.id, `The ${WORD} school needs chairs`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every bubble holds its content: nothing in it sticks out, and it stays inside the message list. */
const bubbleOverflows = (p: Page) =>
  p.evaluate(() => {
    const list = document.querySelector('[aria-label="Messages"]')!.getBoundingClientRect();
    const found: string[] = [];
    for (const row of Array.from(document.querySelectorAll('[data-message-id]'))) {
      const bubble = row.firstElementChild as HTMLElement;
      const box = bubble.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < list.left - 1 || box.right > list.right + 1) found.push(`bubble outside the list: ${row.textContent}`);
      if (bubble.scrollWidth > bubble.clientWidth + 1) found.push(`bubble scrolls: ${row.textContent}`);
      for (const el of Array.from(bubble.querySelectorAll('p, img, button[data-open-image]'))) {
        const r = el.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) found.push(`${el.tagName} wider than its bubble: ${row.textContent}`);
      }
    }
    return found;
  });

describe('narrow layouts', () => {
  it('never overflows from 320 to 1440 px; below 1100 px the side panels lie over the conversation', async () => {
    const page = await signIn(browser, server.url, 'admin@samvad.local', { width: 1440, height: 900 });
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Field Team - Mumbai', exact: true }).click();
    await bubble(page, WORD).waitFor();
    for (const name of ['wide.png', 'tall.png'])
      await page
        .getByRole('button', { name: `Open image ${name}` })
        .locator('img')
        .waitFor();

    for (const width of [320, 390, 820, 1024, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      await bubble(page, WORD).waitFor();
      expect(await pageOverflow(page), `page at ${width}`).toEqual({ x: 0, y: 0, scrollY: 0 });
      expect(await bubbleOverflows(page), `bubbles at ${width}`).toEqual([]);
      if (width >= 768) {
        // The filter chips fit in the list beside the conversation.
        const list = (await page.getByRole('region', { name: 'Chat list' }).boundingBox())!;
        for (const chip of await page.getByRole('group', { name: 'Filter chats' }).getByRole('button').all()) {
          const box = (await chip.boundingBox())!;
          expect(box.x + box.width, `chip at ${width}`).toBeLessThanOrEqual(list.x + list.width);
        }
      }
      const before = (await conversation(page).boundingBox())!;

      await conversation(page).getByRole('button', { name: 'Group info' }).click();
      await groupInfo(page).waitFor();
      expect(await pageOverflow(page), `page with group info at ${width}`).toEqual({ x: 0, y: 0, scrollY: 0 });
      expect(await bubbleOverflows(page), `bubbles with group info at ${width}`).toEqual([]);
      const during = (await conversation(page).boundingBox())!;
      const panel = (await groupInfo(page).boundingBox())!;
      expect(panel.x + panel.width, `group info at ${width}`).toBeLessThanOrEqual(width + 1);
      if (width < 1100) {
        // Over the conversation, which keeps its width.
        expect(during.width, `conversation with group info at ${width}`).toBe(before.width);
        expect(panel.x).toBeLessThan(during.x + during.width);
      } else {
        expect(panel.x).toBeGreaterThanOrEqual(during.x + during.width - 1);
        expect(during.width).toBeGreaterThanOrEqual(480);
      }
      // Escape closes it (the focus went into it) and gives the focus back to the header.
      expect(await focusedLabel(page)).toBe('Close info');
      await page.keyboard.press('Escape');
      await groupInfo(page).waitFor({ state: 'detached' });
      expect(await focusedLabel(page)).toBe('Group info');
      // And its close button.
      await conversation(page).getByRole('button', { name: 'Group info' }).click();
      await groupInfo(page).getByRole('button', { name: 'Close info' }).click();
      await groupInfo(page).waitFor({ state: 'detached' });
      if (width >= 640 && width < 1100) {
        // A press on the dimmed conversation beside it closes it too.
        await conversation(page).getByRole('button', { name: 'Group info' }).click();
        await groupInfo(page).waitFor(); // open before the press beside it (else it could open after it)
        await page.mouse.click(during.x + 20, during.y + during.height / 2);
        await groupInfo(page).waitFor({ state: 'detached' });
      }
      // The other right-hand panel, search in this chat, lies over the conversation the same way.
      await conversation(page).getByRole('button', { name: 'Search in chat' }).click();
      const search = page.getByRole('complementary', { name: 'Search messages' });
      await search.waitFor();
      expect(await pageOverflow(page), `page with search at ${width}`).toEqual({ x: 0, y: 0, scrollY: 0 });
      if (width < 1100) expect((await conversation(page).boundingBox())!.width, `conversation with search at ${width}`).toBe(before.width);
      await page.keyboard.press('Escape');
      await search.waitFor({ state: 'detached' });
    }
    await page.context().close();
  }, 120_000);
});
