/**
 * The writes the other browser tests do not reach, each through the web app's ChatClient: group
 * details and membership from the group info panel, the chat menu (pin, mute, archive, delete),
 * forwarding, and message info.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, openMessageMenu, send } from './chat-page.js';

let server: RunningServer;
let browser: Browser;
let admin: Page;
let ravi: Page;

const chats = (page: Page) => page.getByRole('list', { name: 'Chats' });
const chatItem = (page: Page, name: string) => chats(page).getByRole('button', { name, exact: true });
const members = (page: Page) => page.getByRole('list', { name: 'Members' });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await signIn(browser, server.url, 'admin@samvad.local');
  ravi = await signIn(browser, server.url, 'ravi@samvad.local');
  await admin.getByRole('button', { name: 'New group' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Group name').fill('Writes Group');
  await dialog.getByLabel('Search people').fill('Ravi');
  await dialog.getByRole('checkbox').first().check();
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('button', { name: 'Group info' }).click();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('group info', () => {
  it('renames the group and the member sees the new name', async () => {
    await admin.getByRole('button', { name: 'Edit name and description' }).click();
    const panel = admin.getByRole('complementary', { name: 'Group info' });
    await panel.getByLabel('Group name').fill('Writes Team');
    await panel.getByLabel('Description').fill('Where the writes are tested');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByRole('heading', { name: 'Writes Team' }).waitFor();
    await panel.getByText('Where the writes are tested').waitFor();
    await chatItem(ravi, 'Writes Team').waitFor();
  });

  it('adds a member, makes them admin, dismisses and removes them', async () => {
    const panel = admin.getByRole('complementary', { name: 'Group info' });
    await panel.getByRole('button', { name: 'Add members' }).click();
    await panel.getByLabel('Search people').fill('Meera');
    await panel.getByRole('button', { name: '+ Meera Iyer' }).click();
    const meera = members(admin).getByRole('listitem').filter({ hasText: 'Meera Iyer' });
    await meera.waitFor();
    await panel.getByRole('button', { name: 'Done' }).click();
    await meera.getByRole('button', { name: 'Make admin' }).click();
    await meera.getByText('Admin', { exact: true }).waitFor();
    await meera.getByRole('button', { name: 'Dismiss admin' }).click();
    await meera.getByRole('button', { name: 'Make admin' }).waitFor();
    await meera.getByRole('button', { name: 'Remove Meera Iyer' }).click();
    // Issue 13.4: removing a member is confirmed first.
    await admin.getByRole('alertdialog', { name: 'Remove Meera Iyer?' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => meera.count()).toBe(0);
    expect(await members(admin).getByRole('listitem').count()).toBe(2);
  });

  it('lets a member leave: their conversation closes and the admin sees one member', async () => {
    await chatItem(ravi, 'Writes Team').click();
    await ravi.getByRole('button', { name: 'Group info' }).click();
    await ravi.getByRole('button', { name: 'Leave group' }).click();
    // Issue 13.4: leaving is confirmed first.
    await ravi.getByRole('alertdialog', { name: 'Leave “Writes Team”?' }).getByRole('button', { name: 'Leave group' }).click();
    await ravi.getByRole('complementary', { name: 'Group info' }).waitFor({ state: 'detached' });
    await expect.poll(() => members(admin).getByRole('listitem').count()).toBe(1);
  });
});

describe('messages', () => {
  it('forwards a message to another chat, and shows message info', async () => {
    await send(admin, 'Checklist for the Thursday visits');
    await openMessageMenu(admin, 'Checklist for the Thursday visits');
    await admin.getByRole('menuitem', { name: 'Forward' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Forward message to' });
    await dialog.getByRole('listitem').filter({ hasText: 'Priya Sharma' }).getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Forward' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await chatItem(admin, 'Priya Sharma').click();
    await bubble(admin, 'Checklist for the Thursday visits').getByText('Forwarded').waitFor();

    await openMessageMenu(admin, 'Checklist for the Thursday visits');
    await admin.getByRole('menuitem', { name: 'Info' }).click();
    const info = admin.getByRole('dialog', { name: 'Message info' });
    await info.getByRole('cell', { name: 'Priya Sharma' }).waitFor();
    await info.getByRole('button', { name: 'Close' }).click();
  });
});

describe('chat menu', () => {
  const openChatMenu = async (name: string) => {
    const item = chats(admin).getByRole('listitem', { name });
    await item.hover();
    await item.getByRole('button', { name: 'Chat menu' }).click();
    return admin.getByRole('menu', { name: 'Chat options' });
  };

  it('pins, mutes, archives and deletes a chat', async () => {
    const item = chats(admin).getByRole('listitem', { name: 'Priya Sharma' });
    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Pin' }).click();
    await item.getByRole('img', { name: 'Pinned' }).waitFor();
    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Mute' }).click();
    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Unmute' }).waitFor();
    await admin.keyboard.press('Escape');
    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Unpin' }).click();
    await expect.poll(() => item.getByRole('img', { name: 'Pinned' }).count()).toBe(0);

    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Archive' }).click();
    await expect.poll(() => item.count()).toBe(0);
    // Issue 13.9: archived chats are behind the "Archived" row at the top of the list.
    await chats(admin)
      .getByRole('button', { name: /^Archived/ })
      .click();
    await item.waitFor();
    await (await openChatMenu('Priya Sharma')).getByRole('menuitem', { name: 'Delete chat' }).click();
    // Issue 13.4: deleting a chat is confirmed first (and can be undone for a few seconds: see destructive-actions.test.ts).
    await admin.getByRole('alertdialog', { name: 'Delete this chat?' }).getByRole('button', { name: 'Delete chat' }).click();
    await expect.poll(() => item.count()).toBe(0);
  });
});
