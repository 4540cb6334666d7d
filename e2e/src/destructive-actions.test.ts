/**
 * Destructive actions (issue 13.4) ask first, in one confirmation dialog that says what will happen;
 * the ones that only change the user's own view (delete for me, delete a one-on-one chat, archive)
 * can be undone from a toast for ~5 s, and nothing reaches the server until then (or at once when the
 * page goes away). Checked on the server through the REST API and the other user's browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { restAs, type Rest } from './rest.js';

let server: RunningServer;
let browser: Browser;
let priya: Page;
let admin: Page;
let priyaRest: Rest;
let adminRest: Rest;
let directChatId: string;
/** The DELETE requests Priya's page sent, to prove an undone action never reached the server. */
const priyaDeletes: string[] = [];

/** The toast lasts ~5 s; a little more, and the delayed write has been sent. */
const TOAST_MS = 5_000;

const messages = (p: Page) => p.getByRole('list', { name: 'Messages' });
const bubble = (p: Page, text: string) => messages(p).locator('[data-message-id]', { hasText: text });
const chats = (p: Page) => p.getByRole('list', { name: 'Chats' });
const chatItem = (p: Page, name: string) => chats(p).getByRole('listitem', { name });
const dialog = (p: Page) => p.getByRole('alertdialog');
const toast = (p: Page) => p.getByRole('status').filter({ has: p.getByRole('button', { name: 'Undo' }) });

async function send(p: Page, text: string) {
  await p.getByLabel('Type a message').fill(text);
  await p.getByLabel('Type a message').press('Enter');
  await bubble(p, text)
    .getByRole('img', { name: /Sent|Delivered|Read/ })
    .waitFor();
}

async function chooseFromMessageMenu(p: Page, text: string, item: string) {
  await bubble(p, text).hover();
  await bubble(p, text).getByRole('button', { name: 'Message actions' }).click();
  await p.getByRole('menuitem', { name: item }).click();
}

async function chooseFromChatMenu(p: Page, name: string, item: string) {
  await chatItem(p, name).hover();
  await chatItem(p, name).getByRole('button', { name: 'Chat menu' }).click();
  await p.getByRole('menuitem', { name: item }).click();
}

const serverHas = async (rest: Rest, text: string) => (await rest.messages(directChatId)).some((m) => m.content === text);

async function openDirectChat(p: Page, name: string) {
  await chats(p).getByRole('button', { name, exact: true }).click();
  await p.getByLabel('Type a message').waitFor();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  priyaRest = await restAs(server.url, 'priya@samvad.local');
  adminRest = await restAs(server.url, 'admin@samvad.local');
  directChatId = (await priyaRest.chatNamed('Asha Admin')).id;
  priya = await signIn(browser, server.url, 'priya@samvad.local');
  admin = await signIn(browser, server.url, 'admin@samvad.local');
  priya.on('request', (request) => {
    if (request.method() === 'DELETE') priyaDeletes.push(new URL(request.url()).pathname);
  });
  await openDirectChat(priya, 'Asha Admin');
  await openDirectChat(admin, 'Priya Sharma');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('delete a message', () => {
  it('asks before deleting for everyone: Cancel keeps it, confirming deletes it for both', async () => {
    await send(priya, 'Sent to the wrong chat');
    await bubble(admin, 'Sent to the wrong chat').waitFor();
    await chooseFromMessageMenu(priya, 'Sent to the wrong chat', 'Delete for everyone');
    const confirm = priya.getByRole('alertdialog', { name: 'Delete message?' });
    await confirm.getByText('This message will be deleted for everyone in this chat.').waitFor();
    expect(priyaDeletes).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    // Focus goes back to the menu's button of that message.
    expect(await priya.evaluate(() => document.activeElement?.closest('[data-message-id]')?.textContent)).toContain(
      'Sent to the wrong chat',
    );
    expect(await serverHas(adminRest, 'Sent to the wrong chat')).toBe(true);
    expect(await bubble(admin, 'Sent to the wrong chat').count()).toBe(1);

    await chooseFromMessageMenu(priya, 'Sent to the wrong chat', 'Delete for everyone');
    await confirm.getByRole('button', { name: 'Delete for everyone' }).click();
    await expect.poll(() => bubble(admin, 'Sent to the wrong chat').count()).toBe(0);
    await messages(admin).getByText('This message was deleted').first().waitFor();
  }, 60_000);

  it('deletes for me after confirming, and Undo brings it back without telling the server', async () => {
    await send(priya, 'Keep this one after all');
    const deletesBefore = priyaDeletes.length;
    await chooseFromMessageMenu(priya, 'Keep this one after all', 'Delete for me');
    const confirm = priya.getByRole('alertdialog', { name: 'Delete message?' });
    await confirm.getByText(/deleted for you/).waitFor();
    await confirm.getByRole('button', { name: 'Delete for me' }).click();
    await expect.poll(() => bubble(priya, 'Keep this one after all').count()).toBe(0);
    await toast(priya).getByText('Message deleted').waitFor();
    await toast(priya).getByRole('button', { name: 'Undo' }).click();
    await bubble(priya, 'Keep this one after all').waitFor();
    await toast(priya).waitFor({ state: 'detached' });
    // Past the toast's time: still nothing sent, and the server still shows it to Priya.
    await priya.waitForTimeout(TOAST_MS + 1_000);
    expect(priyaDeletes.slice(deletesBefore)).toEqual([]);
    expect(await serverHas(priyaRest, 'Keep this one after all')).toBe(true);
  }, 60_000);

  it('sends "delete for me" when the toast has gone, and only for me', async () => {
    await send(priya, 'Delete this for me');
    await chooseFromMessageMenu(priya, 'Delete this for me', 'Delete for me');
    await priya.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for me' }).click();
    await toast(priya).waitFor();
    expect(await serverHas(priyaRest, 'Delete this for me')).toBe(true);
    await toast(priya).waitFor({ state: 'detached', timeout: TOAST_MS + 5_000 });
    await expect.poll(() => serverHas(priyaRest, 'Delete this for me')).toBe(false);
    expect(await serverHas(adminRest, 'Delete this for me')).toBe(true);
    expect(await bubble(admin, 'Delete this for me').count()).toBe(1);
  }, 60_000);

  it('sends a waiting "delete for me" at once when the page goes away', async () => {
    await send(priya, 'Deleted just before leaving');
    await chooseFromMessageMenu(priya, 'Deleted just before leaving', 'Delete for me');
    await priya.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for me' }).click();
    await toast(priya).waitFor();
    await priya.goto('about:blank');
    try {
      // The page is gone, so no timer of it can send the write later: only the flush on leaving can have.
      // (The wait is long for a loaded machine; it proves nothing by being short.)
      await expect.poll(() => serverHas(priyaRest, 'Deleted just before leaving'), { timeout: 15_000 }).toBe(false);
    } finally {
      // Back to the chat whatever happened, so the tests after this one start where they expect.
      await priya.goto(`${server.url}/chat`);
      await openDirectChat(priya, 'Asha Admin');
    }
  }, 60_000);
});

describe('chats', () => {
  it('archives with Undo: Undo unarchives it on the server too', async () => {
    await chooseFromChatMenu(priya, 'Field Team - Mumbai', 'Archive');
    await expect.poll(() => chatItem(priya, 'Field Team - Mumbai').count()).toBe(0);
    await toast(priya).getByText('Chat archived').waitFor();
    await toast(priya).getByRole('button', { name: 'Undo' }).click();
    await chatItem(priya, 'Field Team - Mumbai').waitFor();
    await expect.poll(async () => (await priyaRest.chatNamed('Field Team - Mumbai')).isArchived).toBe(false);
  }, 60_000);

  it('asks before deleting a one-on-one chat; Undo restores it and the server never hears of it', async () => {
    const deletesBefore = priyaDeletes.length;
    await chooseFromChatMenu(priya, 'Asha Admin', 'Delete chat');
    const confirm = priya.getByRole('alertdialog', { name: 'Delete this chat?' });
    await confirm.getByText(/Asha Admin/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await chatItem(priya, 'Asha Admin').count()).toBe(1);

    await chooseFromChatMenu(priya, 'Asha Admin', 'Delete chat');
    await confirm.getByRole('button', { name: 'Delete chat' }).click();
    await expect.poll(() => chatItem(priya, 'Asha Admin').count()).toBe(0);
    await toast(priya).getByText('Chat deleted').waitFor();
    await toast(priya).getByRole('button', { name: 'Undo' }).click();
    await chatItem(priya, 'Asha Admin').waitFor();
    await priya.waitForTimeout(TOAST_MS + 1_000);
    expect(priyaDeletes.slice(deletesBefore)).toEqual([]);
    expect((await priyaRest.chats()).some((c) => c.name === 'Asha Admin')).toBe(true);
    // The conversation and its history are still there.
    await openDirectChat(priya, 'Asha Admin');
    await bubble(priya, 'Keep this one after all').waitFor();
  }, 60_000);

  it('asks before exiting and deleting a group; Cancel keeps the membership', async () => {
    await chooseFromChatMenu(priya, 'Field Team - Mumbai', 'Exit and delete');
    const confirm = priya.getByRole('alertdialog', { name: 'Exit “Field Team - Mumbai”?' });
    await confirm.getByText(/leave the group/).waitFor();
    await priya.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await chatItem(priya, 'Field Team - Mumbai').count()).toBe(1);
    const group = await adminRest.chatNamed('Field Team - Mumbai');
    expect(group.participants.some((p) => p.name === 'Priya Sharma')).toBe(true);
    expect(await dialog(priya).count()).toBe(0);
  }, 60_000);
});

describe('group members', () => {
  it('asks before removing a member and before leaving; each is done only when confirmed', async () => {
    await chats(admin).getByRole('button', { name: 'Field Team - Mumbai', exact: true }).click();
    await admin.getByRole('button', { name: 'Group info' }).click();
    const panel = admin.getByRole('complementary', { name: 'Group info' });
    const memberRow = (name: string) => panel.getByRole('list', { name: 'Members' }).getByRole('listitem').filter({ hasText: name });
    await memberRow('Arjun Singh').getByRole('button', { name: 'Remove Arjun Singh' }).click();
    const confirm = admin.getByRole('alertdialog', { name: 'Remove Arjun Singh?' });
    await confirm.getByText(/Field Team - Mumbai/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await memberRow('Arjun Singh').count()).toBe(1);
    await memberRow('Arjun Singh').getByRole('button', { name: 'Remove Arjun Singh' }).click();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => memberRow('Arjun Singh').count()).toBe(0);

    await chats(priya).getByRole('button', { name: 'Field Team - Mumbai', exact: true }).click();
    await priya.getByRole('button', { name: 'Group info' }).click();
    await priya.getByRole('button', { name: 'Leave group' }).click();
    const leave = priya.getByRole('alertdialog', { name: 'Leave “Field Team - Mumbai”?' });
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(await memberRow('Priya Sharma').count()).toBe(1);
    await priya.getByRole('button', { name: 'Leave group' }).click();
    await leave.getByRole('button', { name: 'Leave group' }).click();
    await expect.poll(() => memberRow('Priya Sharma').count()).toBe(0);
  }, 60_000);
});
