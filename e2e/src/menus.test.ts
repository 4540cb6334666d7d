/**
 * Popover menus (issue 13.7): one open at a time across the app, closed by an outside click, Escape
 * (focus back on its button) and scrolling, reachable and movable with the keyboard, and always on
 * screen above the composer. The message menu and the chat-list menu share one implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

const menus = (p: Page) => p.getByRole('menu');
const messages = (p: Page) => p.getByRole('list', { name: 'Messages' });
const bubble = (p: Page, text: string) => messages(p).locator('[data-message-id]', { hasText: text });
const messageMenuButton = (p: Page, text: string) => bubble(p, text).getByRole('button', { name: 'Message actions' });
const chatItem = (p: Page, name: string) => p.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name });

/** What has the focus: its label (or text) and the message it sits in, if any. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null,
      message: el?.closest('[data-message-id]')?.textContent ?? null,
      chat: el?.closest('li[aria-label]')?.getAttribute('aria-label') ?? null,
    };
  });

async function openMessageMenu(text: string) {
  await bubble(page, text).hover();
  await messageMenuButton(page, text).click();
  await page.getByRole('menu', { name: 'Message actions' }).waitFor();
}

async function openChatMenu(name: string) {
  await chatItem(page, name).hover();
  await chatItem(page, name).getByRole('button', { name: 'Chat menu' }).click();
  await page.getByRole('menu', { name: 'Chat options' }).waitFor();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await restAs(server.url, 'admin@samvad.local');
  const chat = await admin.chatNamed('Priya Sharma');
  for (let i = 1; i <= 24; i++) await admin.sendText(chat.id, `Filler line ${i} about the visits`);
  await admin.sendText(chat.id, 'First of the two');
  const last = await admin.sendText(chat.id, 'Second of the two');
  // Read already, so the chat opens at its newest messages (with unread ones it opens at the first of them).
  await (await restAs(server.url, 'priya@samvad.local')).send('PUT', `/api/messages/${last.id}/read`);
  page = await signIn(browser, server.url, 'priya@samvad.local', { width: 1280, height: 800 });
  await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
  await bubble(page, 'Second of the two').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('menus', () => {
  it('never has two open: opening another message’s menu, or right-clicking one, closes the first', async () => {
    await openMessageMenu('First of the two');
    await bubble(page, 'Second of the two').hover();
    await messageMenuButton(page, 'Second of the two').click();
    await expect.poll(() => menus(page).count()).toBe(1);
    expect(await messageMenuButton(page, 'Second of the two').getAttribute('aria-expanded')).toBe('true');
    expect(await messageMenuButton(page, 'First of the two').getAttribute('aria-expanded')).toBe('false');
    await bubble(page, 'First of the two').getByText('First of the two').click({ button: 'right' });
    await expect.poll(() => menus(page).count()).toBe(1);
    expect(await messageMenuButton(page, 'First of the two').getAttribute('aria-expanded')).toBe('true');
    // The chat list's menu too: one menu in the whole app.
    await openChatMenu('Field Team - Mumbai');
    await expect.poll(() => menus(page).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => menus(page).count()).toBe(0);
  });

  it('closes on a click outside, on Escape with the focus back on its button, and on scrolling', async () => {
    await openMessageMenu('First of the two');
    await page.getByRole('heading', { name: 'Chats' }).click();
    await expect.poll(() => menus(page).count()).toBe(0);

    await openMessageMenu('First of the two');
    await page.keyboard.press('Escape');
    await expect.poll(() => menus(page).count()).toBe(0);
    expect(await focused(page)).toMatchObject({ label: 'Message actions', message: expect.stringContaining('First of the two') });

    await openMessageMenu('First of the two');
    const list = (await messages(page).boundingBox())!;
    await page.mouse.move(list.x + list.width / 2, list.y + 100);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => menus(page).count()).toBe(0);
  });

  it('closes the chat-list menu on an outside click and on Escape, focus back on its button', async () => {
    await openChatMenu('Field Team - Mumbai');
    await bubble(page, 'Second of the two').click();
    await expect.poll(() => menus(page).count()).toBe(0);
    await openChatMenu('Field Team - Mumbai');
    await page.keyboard.press('Escape');
    await expect.poll(() => menus(page).count()).toBe(0);
    expect(await focused(page)).toMatchObject({ label: 'Chat menu', chat: 'Field Team - Mumbai' });
  });

  it('is reachable with the keyboard: Enter opens it on the first item, arrows move, Tab leaves and closes it', async () => {
    await chatItem(page, 'Field Team - Mumbai').getByRole('button', { name: 'Chat menu' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu', { name: 'Chat options' }).waitFor();
    await expect.poll(async () => (await focused(page)).label).toBe('Pin');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('Archive');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).label).toBe('Exit and delete');
    await page.keyboard.press('Tab');
    await expect.poll(() => menus(page).count()).toBe(0);
    // The focus went on from the menu's button, not off the page.
    expect(await page.evaluate(() => document.activeElement !== document.body && !document.activeElement?.closest('[role="menu"]'))).toBe(
      true,
    );
  });

  it('opens fully on screen and uncovered for the last message, and for the last chat in the list', async () => {
    const expectOnScreenAndOnTop = async (name: string) => {
      const box = (await page.getByRole('menu', { name }).boundingBox())!;
      const size = page.viewportSize()!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      // Nothing covers it (no list clips it, the composer is not over it): its middle is the menu.
      const hit = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="menu"]')?.getAttribute('aria-label') ?? null,
        [box.x + box.width / 2, box.y + box.height / 2],
      );
      expect(hit).toBe(name);
      await page.keyboard.press('Escape');
    };
    await bubble(page, 'Second of the two').scrollIntoViewIfNeeded();
    await openMessageMenu('Second of the two');
    await expectOnScreenAndOnTop('Message actions');
    // A short window: the last chat's menu has no room below it and opens upwards.
    await page.setViewportSize({ width: 1280, height: 420 });
    try {
      await openChatMenu('Field Team - Mumbai');
      await expectOnScreenAndOnTop('Chat options');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
