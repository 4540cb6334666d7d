/**
 * The emoji picker (issue 13.12): in the composer it puts the picked emoji at the caret; from a
 * message's menu ("+" after the quick reactions) it reacts with any emoji, which the server takes and
 * the other members see. Searchable and keyboard usable; its code loads only when first opened, and
 * its data comes from our own origin (nothing from a CDN), under the app's CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, openMessageMenu, send } from './chat-page.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;

const composer = (page: Page) => page.getByLabel('Type a message');
const chatItem = (page: Page, name: string) => page.getByRole('list', { name: 'Chats' }).getByRole('button', { name, exact: true });

/** Every request the page makes, and the CSP violations it reports. */
function watch(page: Page) {
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { requests, violations };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('emoji picker', () => {
  it('inserts a searched emoji at the caret in the composer, with the keyboard, loading its code and data from our origin', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local');
    const seen = watch(page);
    await chatItem(page, 'Asha Admin').click();
    await composer(page).fill('Hello world');
    await composer(page).press('Home');
    for (let i = 0; i < 'Hello'.length; i++) await composer(page).press('ArrowRight');
    const scriptsBefore = seen.requests.filter((url) => url.endsWith('.js')).length;

    // Keyboard: Tab from the composer's buttons, Enter opens the picker with the focus in its search.
    await page.getByRole('button', { name: 'Emoji' }).focus();
    await page.keyboard.press('Enter');
    const picker = page.getByRole('dialog', { name: 'Emoji' });
    await picker.getByRole('gridcell', { name: 'Grinning face', exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search emoji');
    // Its code came when it was opened, not with the page.
    expect(seen.requests.filter((url) => url.endsWith('.js')).length).toBeGreaterThan(scriptsBefore);

    await page.keyboard.type('giraffe');
    await picker.getByRole('gridcell', { name: 'Giraffe', exact: true }).waitFor();
    expect(await picker.getByRole('gridcell', { name: 'Grinning face', exact: true }).count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await expect.poll(() => composer(page).inputValue()).toBe('Hello🦒 world');
    // The focus and caret are back in the text, right after the emoji.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Type a message');
    await page.keyboard.type('!');
    expect(await composer(page).inputValue()).toBe('Hello🦒! world');

    const origin = new URL(server.url).origin;
    expect(seen.requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(seen.requests).toContain(`${origin}/emojibase-data/en/data.json`);
    expect(seen.violations).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('reacts with any emoji from the message menu’s "+", and the other member sees it', async () => {
    const priya = await signIn(browser, server.url, 'priya@samvad.local');
    const asha = await signIn(browser, server.url, 'admin@samvad.local');
    const seen = watch(priya);
    await chatItem(priya, 'Asha Admin').click();
    await send(priya, 'React to this with fire');
    await chatItem(asha, 'Priya Sharma').click();
    await bubble(asha, 'React to this with fire').waitFor();

    await openMessageMenu(priya, 'React to this with fire');
    await priya.getByRole('menuitem', { name: 'React' }).click();
    await priya.getByRole('menuitem', { name: 'More reactions' }).click();
    const picker = priya.getByRole('dialog', { name: 'React with an emoji' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('fire');
    await picker.getByRole('gridcell', { name: 'Fire', exact: true }).click();
    await picker.waitFor({ state: 'detached' });

    await bubble(priya, 'React to this with fire').getByRole('button', { name: '🔥 1' }).waitFor();
    await bubble(asha, 'React to this with fire').getByRole('button', { name: '🔥 1' }).waitFor();
    const rest = await restAs(server.url, 'admin@samvad.local');
    const chat = (await rest.chats()).find((c) => !c.isGroup && c.participants.some((p) => p.name === 'Priya Sharma'))!;
    const { messages } = await rest.get<{ messages: { content: string; reactions: { emoji: string }[] }[] }>(
      `/api/chats/${chat.id}/messages?limit=5`,
    );
    expect(messages.find((m) => m.content === 'React to this with fire')?.reactions.map((r) => r.emoji)).toEqual(['🔥']);
    expect(seen.violations).toEqual([]);
    await priya.context().close();
    await asha.context().close();
  }, 60_000);
});
