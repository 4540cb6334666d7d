/**
 * Message actions and files, which use the edit/delete/reaction/upload/search endpoints of
 * CONTRACT §5. Each test first checks that the server build it runs against has its endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiToken, launchBrowser, screenshot, signIn, startServer, type RunningServer } from './harness.js';
import { bubble, messages, openMessageMenu as openMenu, send } from './chat-page.js';
import { makePng } from './png.js';

let server: RunningServer;
let browser: Browser;
let priya: Page;
let admin: Page;

/** A real 32×24 PNG (the server decodes images). */
const PNG = makePng(32, 24);

/** False when the server answers "No such endpoint" (that feature's branch is not merged yet). */
async function hasEndpoint(method: string, path: string, expectStatus?: number): Promise<boolean> {
  const token = await apiToken(server.url, 'priya@samvad.local');
  const res = await fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (expectStatus !== undefined) return res.status === expectStatus;
  return !(res.status === 404 && body?.error?.message?.startsWith('No such endpoint'));
}

const ZERO = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  priya = await signIn(browser, server.url, 'priya@samvad.local');
  admin = await signIn(browser, server.url, 'admin@samvad.local');
  await priya.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
  await admin.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Priya Sharma', exact: true }).click();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('message actions', () => {
  it('reacts, and the other side sees the reaction', async (ctx) => {
    if (!(await hasEndpoint('POST', `/api/messages/${ZERO}/reactions`))) return ctx.skip();
    await send(priya, 'React to this please');
    await openMenu(admin, 'React to this please');
    await admin.getByRole('menuitem', { name: 'React' }).click();
    await admin.getByRole('menuitem', { name: '👍' }).click();
    await bubble(priya, 'React to this please').getByRole('button', { name: /👍/ }).waitFor();
  });

  it('moves through the message menu with the keyboard', async () => {
    await send(priya, 'Keyboard menu');
    await openMenu(priya, 'Keyboard menu');
    const focused = () => priya.evaluate(() => document.activeElement?.textContent?.trim());
    await expect.poll(focused).toBe('Reply');
    await priya.keyboard.press('ArrowDown');
    expect(await focused()).toBe('React');
    await priya.keyboard.press('ArrowUp');
    await priya.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Info'); // wraps around
    await priya.keyboard.press('Home');
    expect(await focused()).toBe('Reply');
    await priya.keyboard.press('End');
    expect(await focused()).toBe('Info');
    await priya.keyboard.press('Escape');
    await priya.getByRole('menu', { name: 'Message actions' }).waitFor({ state: 'detached' });
  });

  it('edits within the window and shows (edited) on both sides', async (ctx) => {
    if (!(await hasEndpoint('PUT', `/api/messages/${ZERO}`))) return ctx.skip();
    await send(priya, 'Meeting at 10');
    await openMenu(priya, 'Meeting at 10');
    await priya.getByRole('menuitem', { name: 'Edit' }).click();
    await priya.getByLabel('Type a message').fill('Meeting at 11');
    await priya.getByLabel('Type a message').press('Enter');
    await bubble(admin, 'Meeting at 11').getByText('(edited)').waitFor();
    await bubble(priya, 'Meeting at 11').getByText('(edited)').waitFor();
  });

  it('deletes for everyone', async (ctx) => {
    if (!(await hasEndpoint('DELETE', `/api/messages/${ZERO}?for=everyone`))) return ctx.skip();
    await send(priya, 'Oops, wrong chat');
    await bubble(admin, 'Oops, wrong chat').waitFor();
    await openMenu(priya, 'Oops, wrong chat');
    await priya.getByRole('menuitem', { name: 'Delete for everyone' }).click();
    // Issue 13.4: asked first, in a dialog that says what will happen.
    const confirm = priya.getByRole('alertdialog', { name: 'Delete message?' });
    await confirm.getByText('This message will be deleted for everyone in this chat.').waitFor();
    await confirm.getByRole('button', { name: 'Delete for everyone' }).click();
    await expect.poll(() => bubble(admin, 'Oops, wrong chat').count()).toBe(0);
    await messages(admin).getByText('This message was deleted').first().waitFor();
  });

  it('sends an image and the other side sees its thumbnail', async (ctx) => {
    if (!(await hasEndpoint('POST', `/api/chats/${ZERO}/upload`))) return ctx.skip();
    await priya.locator('input[type=file]').setInputFiles({ name: 'visit-photo.png', mimeType: 'image/png', buffer: PNG });
    await priya.getByRole('button', { name: 'Send' }).click();
    const image = messages(admin).getByRole('img', { name: 'visit-photo.png' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await screenshot(admin, 'image-received');
  });

  it('sends a file picked while offline once the connection is back', async (ctx) => {
    if (!(await hasEndpoint('POST', `/api/chats/${ZERO}/upload`))) return ctx.skip();
    await priya.context().setOffline(true);
    try {
      await priya.locator('input[type=file]').setInputFiles({ name: 'offline-photo.png', mimeType: 'image/png', buffer: PNG });
      await priya.getByRole('button', { name: 'Send' }).click();
      const waiting = priya.getByRole('status').filter({ hasText: 'the file will be sent when you are back online' });
      await waiting.waitFor();
      await screenshot(priya, 'file-waiting-offline');
    } finally {
      await priya.context().setOffline(false);
    }
    await messages(admin).getByRole('img', { name: 'offline-photo.png' }).waitFor({ timeout: 20_000 });
    await priya.getByRole('status').filter({ hasText: 'the file will be sent when you are back online' }).waitFor({ state: 'detached' });
    expect(await messages(admin).getByRole('img', { name: 'offline-photo.png' }).count()).toBe(1);
  });

  it('finds a message across chats and jumps to it', async (ctx) => {
    // Until search exists, /api/chats/search is read as /api/chats/:id with an invalid id.
    if (!(await hasEndpoint('GET', '/api/chats/search?q=x', 200))) return ctx.skip();
    await send(priya, 'The library grant deadline is Friday');
    await admin.getByRole('button', { name: 'Search all chats' }).click();
    await admin.getByLabel('Search text').fill('deadline');
    await admin.getByLabel('Search text').press('Enter');
    const hit = admin.getByRole('list', { name: 'Search results' }).getByRole('button').first();
    await hit.waitFor();
    expect(await hit.locator('mark').first().innerText()).toMatch(/deadline/i);
    await hit.click();
    await bubble(admin, 'The library grant deadline is Friday').waitFor();
    await screenshot(admin, 'search-jump');
  });
});

describe('outbox', () => {
  it('keeps a message written without a connection across a reload and sends it once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/chat`);
    await page.getByLabel('Email').fill('ravi@samvad.local');
    await page.getByLabel('Password').fill('samvad-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Meera Iyer', exact: true }).waitFor();
    // Cut the real-time connection only: pages and the REST API still load.
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.routeWebSocket('**/socket.io/**', (ws) => ws.close());
    await page.reload();
    await page.getByText('Connecting…').waitFor();
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Meera Iyer', exact: true }).click();
    await page.getByLabel('Type a message').fill('Written while disconnected');
    await page.getByLabel('Type a message').press('Enter');
    await bubble(page, 'Written while disconnected').getByRole('img', { name: 'Sending' }).waitFor();
    await page.reload();
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Meera Iyer', exact: true }).click();
    await bubble(page, 'Written while disconnected').getByRole('img', { name: 'Sending' }).waitFor();
    // A new tab without the block (routes are per page; the outbox is in the shared localStorage).
    const online = await context.newPage();
    await page.close();
    await online.goto(`${server.url}/chat`);
    await online.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Meera Iyer', exact: true }).click();
    await bubble(online, 'Written while disconnected')
      .getByRole('img', { name: /Sent|Delivered|Read/ })
      .waitFor();
    const token = await apiToken(server.url, 'meera@samvad.local');
    const chats = (await (await fetch(`${server.url}/api/chats`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      data: { chats: { id: string; name: string }[] };
    };
    const chat = chats.data.chats.find((c) => c.name === 'Ravi Kumar')!;
    const page1 = (await (
      await fetch(`${server.url}/api/chats/${chat.id}/messages`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as {
      data: { messages: { content: string | null }[] };
    };
    expect(page1.data.messages.filter((m) => m.content === 'Written while disconnected')).toHaveLength(1);
    await context.close();
  });
});
