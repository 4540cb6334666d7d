/**
 * First use (issue 13.16): a new user with no chats is offered "Start a chat" — which opens the new
 * chat dialog and leads to a conversation — instead of only being told there is nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiToken, launchBrowser, PASSWORD, signIn, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const adminToken = await apiToken(server.url, 'admin@samvad.local');
  const res = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Nisha New', email: 'nisha@samvad.local', password: PASSWORD, role: 'EMPLOYEE' }),
  });
  expect(res.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('first use', () => {
  it('offers "Start a chat" on an empty chat list, and it opens a conversation', async () => {
    const page = await signIn(browser, server.url, 'nisha@samvad.local');
    const chats = page.getByRole('list', { name: 'Chats' });
    await chats.getByText('No chats yet').waitFor();
    await chats.getByRole('button', { name: 'Start a chat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Priya Sharma').click();
    await page.getByLabel('Type a message').waitFor();
    expect(await chats.getByRole('button', { name: 'Start a chat' }).count()).toBe(0);
    // A filter that finds nothing still says so plainly.
    await page.getByRole('group', { name: 'Filter chats' }).getByRole('button', { name: 'Groups' }).click();
    await chats.getByText('No chats here yet').waitFor();
    await page.context().close();
  }, 60_000);
});
