/**
 * What is open is in the URL (issue 13.5): the open chat (/chat?chat=<id>), a search hit (&message=),
 * the chat's info panel and the image viewer. Back closes the top-most (viewer → info → chat → list →
 * the page before), a reload restores where the user was, and a chat the user may not see leaves the
 * list with a notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, waitForChats, type RunningServer } from './harness.js';
import { bubble } from './chat-page.js';
import { makeScenePng } from './png.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;
let groupId: string;
let hitId: string;
let forbiddenChatId: string;

const GROUP = 'Field Team - Mumbai';
const HIT = 'Wombatstool delivery is on Friday';

const chatList = (page: Page) => page.getByRole('list', { name: 'Chats' });
const composer = (page: Page) => page.getByLabel('Type a message');
const groupInfo = (page: Page) => page.getByRole('complementary', { name: 'Group info' });
const viewer = (page: Page) => page.getByRole('dialog', { name: 'Image viewer' });
const query = (page: Page) => new URL(page.url()).search;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await restAs(server.url, 'admin@samvad.local');
  const group = await admin.chatNamed(GROUP);
  groupId = group.id;
  hitId = (await admin.sendText(groupId, HIT)).id;
  // Pushed up out of the newest page, so opening the hit has to load the history around it.
  for (let i = 0; i < 60; i++) await admin.sendText(groupId, `Filler ${i}`);
  const image = await admin.sendImage(groupId, 'classroom.png', makeScenePng(320, 240), 'The classroom');
  // Read already, so the group opens at its newest messages (with unread ones it opens at the first of them).
  await (await restAs(server.url, 'priya@samvad.local')).send('PUT', `/api/messages/${image.id}/read`);
  // A chat Priya is not in.
  const arjun = await restAs(server.url, 'arjun@samvad.local');
  const ravi = (await admin.chats()).flatMap((c) => c.participants).find((p) => p.name === 'Ravi Kumar')!;
  forbiddenChatId = ((await arjun.send('POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: ravi.id })) as { chat: { id: string } })
    .chat.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('navigation on a phone', () => {
  it('keeps the open chat and its info panel in the URL: reload restores them, Back closes them one by one, then leaves', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local', { width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Recent Messages' }).waitFor();
    await page.goto(`${server.url}/chat`);
    await waitForChats(page);

    await chatList(page).getByRole('button', { name: GROUP, exact: true }).click();
    await composer(page).waitFor();
    expect(query(page)).toBe(`?chat=${groupId}`);
    await page.reload();
    await composer(page).waitFor();
    expect(await chatList(page).isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Group info' }).click();
    await groupInfo(page).waitFor();
    expect(query(page)).toBe(`?chat=${groupId}&panel=info`);
    await page.reload();
    await groupInfo(page).waitFor();

    await page.goBack();
    await groupInfo(page).waitFor({ state: 'detached' });
    await composer(page).waitFor();
    expect(query(page)).toBe(`?chat=${groupId}`);

    await page.goBack();
    await chatList(page).waitFor();
    expect(await composer(page).count()).toBe(0);
    expect(new URL(page.url()).pathname + query(page)).toBe('/chat');

    await page.goBack();
    await page.getByRole('heading', { name: 'Recent Messages' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.context().close();
  }, 90_000);

  it('the header’s Back button goes to the list without leaving the conversation’s entry behind', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local', { width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Recent Messages' }).waitFor();
    await page.goto(`${server.url}/chat`);
    await waitForChats(page);
    await chatList(page).getByRole('button', { name: GROUP, exact: true }).click();
    await composer(page).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await chatList(page).waitFor();
    expect(query(page)).toBe('');
    // The list was the entry below: the browser's Back now leaves the chat page.
    await page.goBack();
    await page.getByRole('heading', { name: 'Recent Messages' }).waitFor();
    await page.context().close();
  }, 90_000);
});

describe('navigation on a desktop', () => {
  it('puts the image viewer over the info panel over the chat in the history, and restores the viewer on reload', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local', { width: 1440, height: 900 });
    await chatList(page).getByRole('button', { name: GROUP, exact: true }).click();
    await composer(page).waitFor();
    await page.getByRole('button', { name: 'Group info' }).click();
    await groupInfo(page).waitFor();
    await page.getByRole('list', { name: 'Messages' }).getByRole('button', { name: 'Open image classroom.png' }).click();
    await viewer(page).waitFor();
    const imageId = new URL(page.url()).searchParams.get('image');
    expect(imageId).toBeTruthy();
    expect(query(page)).toBe(`?chat=${groupId}&panel=info&image=${imageId}`);

    await page.reload();
    await viewer(page).getByRole('img', { name: 'classroom.png' }).waitFor();

    await page.goBack();
    await viewer(page).waitFor({ state: 'detached' });
    await groupInfo(page).waitFor();
    await page.goBack();
    await groupInfo(page).waitFor({ state: 'detached' });
    await composer(page).waitFor();
    await page.goBack();
    await page.getByText('Pick a chat or start a new one.').waitFor();
    expect(await composer(page).count()).toBe(0);
    await page.context().close();
  }, 90_000);

  it('puts a search hit in the URL: a reload opens the chat at that message, highlighted', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local', { width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Search all chats' }).click();
    await page.keyboard.type('Wombatstool');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Search results' })
      .getByRole('button', { name: /Wombatstool/ })
      .click();
    await bubble(page, HIT).waitFor();
    expect(query(page)).toBe(`?chat=${groupId}&message=${hitId}`);

    await page.reload();
    await bubble(page, HIT).locator('[data-highlighted]').waitFor();
    expect(await bubble(page, HIT).isVisible()).toBe(true);
    await page.context().close();
  }, 90_000);

  it('refuses an unknown or forbidden chat in the URL with a notice, showing the list', async () => {
    const page = await signIn(browser, server.url, 'priya@samvad.local', { width: 390, height: 844 });
    for (const chatId of [forbiddenChatId, '00000000-0000-4000-8000-000000000000', 'not-a-chat']) {
      await page.goto(`${server.url}/chat?chat=${chatId}`);
      await waitForChats(page);
      await page.getByRole('alert').filter({ hasText: 'That chat does not exist, or you are not a member of it.' }).waitFor();
      expect(await chatList(page).isVisible()).toBe(true);
      await expect.poll(() => query(page)).toBe('');
    }
    await page.context().close();
  }, 90_000);
});
