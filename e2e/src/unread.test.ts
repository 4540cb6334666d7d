/**
 * Opening a chat with unread messages (issue 13.3): it opens at the first unread message with the
 * "N unread messages" divider at the top, a jump-to-latest button says how many are below, and read
 * receipts cover only what was on screen; scrolling down reads further, and at the bottom new
 * arrivals are read as they come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, messages } from './chat-page.js';
import { restAs, type Rest } from './rest.js';

const UNREAD = 60;

let server: RunningServer;
let browser: Browser;
let admin: Rest;
let meera: Rest;
let chatId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await restAs(server.url, 'admin@samvad.local');
  meera = await restAs(server.url, 'meera@samvad.local');
  const { chat } = (await admin.send('POST', '/api/chats', { type: 'GROUP', name: 'Backlog', participantIds: [await meeraId()] })) as {
    chat: { id: string };
  };
  chatId = chat.id;
  let lastRead = { id: '' };
  for (let i = 0; i < 10; i++) lastRead = await admin.sendText(chatId, `earlier ${i}`);
  await meera.send('PUT', `/api/messages/${lastRead.id}/read`);
  // The first and the last in order; those between in parallel batches (the test only needs their number).
  await admin.sendText(chatId, 'backlog 0');
  for (let i = 1; i < UNREAD - 1; i += 20)
    await Promise.all(Array.from({ length: Math.min(20, UNREAD - 1 - i) }, (_, j) => admin.sendText(chatId, `backlog ${i + j}`)));
  await admin.sendText(chatId, `backlog ${UNREAD - 1}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function meeraId() {
  const { users } = await admin.get<{ users: { id: string; name: string }[] }>('/api/users?q=Meera');
  return users.find((u) => u.name === 'Meera Iyer')!.id;
}

const unreadOnServer = async () => (await meera.get<{ unreadCount: number }>(`/api/chats/${chatId}/unread`)).unreadCount;
const divider = (page: Page) => messages(page).getByText(`${UNREAD} unread messages`, { exact: true });
const jumpButton = (page: Page) => page.getByRole('button', { name: /^Scroll to latest message/ });

describe('a chat opened with unread messages', () => {
  it('opens at the first unread with the divider at the top, reads only what was on screen, then reads on as it scrolls', async () => {
    const page = await signIn(browser, server.url, 'meera@samvad.local');
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Backlog', exact: true }).click();

    // The divider at the top of the list, the first unread message below it, the newest not loaded.
    await divider(page).waitFor();
    await bubble(page, 'backlog 0').waitFor();
    await expect
      .poll(async () => {
        const list = (await messages(page).boundingBox())!;
        const mark = (await divider(page).boundingBox())!;
        return mark.y >= list.y && mark.y - list.y < 60;
      })
      .toBe(true);
    expect(await bubble(page, `backlog ${UNREAD - 1}`).count()).toBe(0);

    // Only what was on screen was read: a screenful, not all of them.
    await expect.poll(unreadOnServer).toBeLessThan(UNREAD);
    const afterOpen = await unreadOnServer();
    const onScreen = await messages(page).locator('[data-message-id]').count();
    expect(afterOpen).toBeGreaterThanOrEqual(UNREAD - onScreen);
    await expect
      .poll(() => jumpButton(page).getAttribute('aria-label'))
      .toBe(`Scroll to latest message, ${afterOpen} unread messages below`);
    expect(await jumpButton(page).innerText()).toBe(String(afterOpen));

    // Scrolling down reads what comes on screen, and the button's count follows.
    const list = (await messages(page).boundingBox())!;
    await page.mouse.move(list.x + list.width / 2, list.y + list.height / 2);
    await page.mouse.wheel(0, 600);
    await expect.poll(unreadOnServer).toBeLessThan(afterOpen);
    const afterScroll = await unreadOnServer();
    expect(afterScroll).toBeGreaterThan(0);
    await expect.poll(() => jumpButton(page).innerText()).toBe(String(afterScroll));

    // Jump to latest: the newest is on screen and everything is read.
    await jumpButton(page).click();
    await bubble(page, `backlog ${UNREAD - 1}`).waitFor();
    await expect.poll(unreadOnServer).toBe(0);
    await jumpButton(page).waitFor({ state: 'detached' });
    const listItem = page.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name: 'Backlog' });
    await expect.poll(() => listItem.getByLabel(/unread/).count()).toBe(0);

    // At the bottom of the open chat, a new arrival is read as it comes (its sender sees blue ticks).
    const live = await admin.sendText(chatId, 'arrived while reading');
    await bubble(page, 'arrived while reading').waitFor();
    await expect
      .poll(async () => {
        const page = await admin.get<{ messages: { id: string; status: string | null }[] }>(`/api/chats/${chatId}/messages?limit=5`);
        return page.messages.find((m) => m.id === live.id)?.status;
      })
      .toBe('READ');
    await page.context().close();
  });

  it('does not read a new arrival while the reader is scrolled up in the history', async () => {
    const page = await signIn(browser, server.url, 'meera@samvad.local');
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Backlog', exact: true }).click();
    await bubble(page, 'arrived while reading').waitFor();
    const list = (await messages(page).boundingBox())!;
    await page.mouse.move(list.x + list.width / 2, list.y + list.height / 2);
    await page.mouse.wheel(0, -1500);
    await jumpButton(page).waitFor();
    await admin.sendText(chatId, 'arrived out of sight');
    await expect.poll(() => jumpButton(page).getAttribute('aria-label')).toBe('Scroll to latest message, 1 unread message below');
    expect(await unreadOnServer()).toBe(1);
    await jumpButton(page).click();
    await bubble(page, 'arrived out of sight').waitFor();
    await expect.poll(unreadOnServer).toBe(0);
    await page.context().close();
  });
});
