/**
 * The host system's side (issue 12): the example host app (examples/host-app) on its own origin,
 * with its own non-UUID user ids and its own HS256 tokens, uses Samvad through @samvad/embed (a
 * React page) and /embed.js (a plain HTML page), driven in Chromium against the real server.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, freePort, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

const VISIT = { type: 'visit', visitId: 'V-2026-0142', schoolName: 'Zilla Parishad School, Nashik' };
const ADMIN = { id: 'adm-7', name: 'Asha Deshmukh' };
const EMPLOYEE = { id: 'emp-42', name: 'Kavya Rao' };
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

interface HostApp {
  url: string;
  stop(): Promise<void>;
}

/** Runs examples/host-app/server.mjs as its own process, as a host team would. */
async function startHostApp(port: number, samvadUrl: string, jwtSecret: string): Promise<HostApp> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'examples/host-app/server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SAMVAD_URL: samvadUrl, JWT_SECRET: jwtSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`host app exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/samvad-token`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`host app did not start in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let samvad: RunningServer;
let host: HostApp;
let browser: Browser;
let hostPort: number;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hostPort = await freePort();
  const secret = crypto.randomBytes(32).toString('hex');
  // Only the host app's 127.0.0.1 origin is allowed; http://localhost:<same port> is another origin.
  samvad = await startServer({ env: { CORS_ORIGINS: `http://127.0.0.1:${hostPort}`, JWT_SECRET: secret } });
  host = await startHostApp(hostPort, samvad.url, secret);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await host?.stop();
  await samvad?.stop();
});

/** A token the host app signed for one of its users (what its pages get from /samvad-token). */
async function hostToken(userId: string): Promise<string> {
  return (await fetch(`${host.url}/samvad-token?user=${userId}`)).text();
}

async function samvadApi<T>(userId: string, method: string, route: string, body?: unknown): Promise<{ status: number; data: T }> {
  const response = await fetch(`${samvad.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${await hostToken(userId)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { data: T };
  return { status: response.status, data: json.data };
}

/** The admin writes to the employee over the REST API (a Samvad user on another device). */
async function adminSends(content: string): Promise<{ chatId: string; messageId: string }> {
  const { data } = await samvadApi<{ chat: { id: string } }>(ADMIN.id, 'POST', '/api/chats', {
    type: 'ONE_ON_ONE',
    participantId: EMPLOYEE.id,
  });
  const sent = await samvadApi<{ message: { id: string } }>(ADMIN.id, 'POST', `/api/chats/${data.chat.id}/messages`, { content });
  expect(sent.status).toBe(201);
  return { chatId: data.chat.id, messageId: sent.data.message.id };
}

async function openPage(url: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  return page;
}

const chatIcon = (page: Page) => page.getByRole('link', { name: /^Chat/ }).first();
const recentList = (page: Page) => page.getByRole('list', { name: 'Recent messages' });
const iconLabel = (page: Page) => chatIcon(page).getAttribute('aria-label');

/** Clicks something that opens Samvad in a new tab and waits for the tab to show the conversation. */
async function openSamvadTab(page: Page, click: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), click()]);
  tab.setDefaultTimeout(15_000);
  await tab.waitForURL((url) => url.pathname === '/chat' && url.searchParams.has('chat'));
  return tab;
}

describe('the React page (@samvad/embed)', () => {
  it('updates the unread badge and the recent-messages widget live, with styles isolated from the page', async () => {
    const page = await openPage(`${host.url}/?user=${EMPLOYEE.id}`);
    await page.getByText('No messages yet').waitFor();
    expect(await iconLabel(page)).toBe('Chat');

    await adminSends('Please add the library photos to the visit report');
    await expect.poll(() => iconLabel(page)).toBe('Chat, 1 unread');
    expect(await page.getByTestId('samvad-unread').innerText()).toBe('1');
    await recentList(page)
      .getByRole('link', { name: /Asha Deshmukh.*library photos/ })
      .waitFor();
    // useUnreadCount() drives the host's tab title.
    await expect.poll(() => page.title()).toBe('(1) School Assessment');

    // The page's `h2 { text-transform: uppercase }` and purple buttons stay out of the widgets.
    const style = (selector: string, property: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    expect(await style('main h2', 'text-transform')).toBe('uppercase');
    expect(await page.getByRole('heading', { name: 'Recent messages' }).evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
    expect(await page.getByRole('button', { name: 'Chat with admin' }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(5, 150, 105)',
    );
    await screenshot(page, 'host-react-1440');
  });

  it('opens the one-on-one chat in Samvad, signed in with the host token, the visit attached but not sent', async () => {
    const page = await openPage(`${host.url}/?user=${EMPLOYEE.id}`);
    const tab = await openSamvadTab(page, () => page.getByRole('button', { name: 'Chat with admin' }).click());
    await tab.getByRole('region', { name: `Conversation with ${ADMIN.name}` }).waitFor();
    // The token went in the fragment and is gone from the address bar.
    expect(tab.url()).not.toContain('token');
    expect(new URL(tab.url()).hash).toBe('');
    const attached = tab.getByRole('group', { name: 'Attached to your next message' });
    await attached.waitFor();
    expect(await attached.innerText()).toContain(VISIT.schoolName);
    expect(await attached.innerText()).toContain(VISIT.visitId);
    await screenshot(tab, 'host-quick-chat-1440');

    // Nothing was sent on the user's behalf.
    const chatId = new URL(tab.url()).searchParams.get('chat')!;
    const before = await samvadApi<{ messages: { context: unknown }[] }>(EMPLOYEE.id, 'GET', `/api/chats/${chatId}/messages`);
    expect(before.data.messages.filter((m) => m.context !== null)).toHaveLength(0);

    await tab.getByLabel('Type a message').fill('Could you review the visit before Friday?');
    await tab.getByLabel('Type a message').press('Enter');
    await tab.getByRole('list', { name: 'Messages' }).locator('[data-message-id]', { hasText: 'Could you review the visit' }).waitFor();
    await attached.waitFor({ state: 'detached' });
    const after = await samvadApi<{ messages: { content: string; context: unknown; sender: { id: string } }[] }>(
      ADMIN.id,
      'GET',
      `/api/chats/${chatId}/messages`,
    );
    const sent = after.data.messages.at(-1)!;
    expect(sent).toMatchObject({ content: 'Could you review the visit before Friday?', context: VISIT, sender: { id: EMPLOYEE.id } });
    // The admin sees the visit card with the words.
    await tab.close();
  });
});

describe('the plain HTML page (/embed.js web components)', () => {
  it('shows the badge and the widget live, and its quick chat opens Samvad with the visit attached', async () => {
    const page = await openPage(`${host.url}/plain?user=${EMPLOYEE.id}`, PHONE);
    await recentList(page).waitFor();
    const before = (await samvadApi<{ unreadCount: number }>(EMPLOYEE.id, 'GET', '/api/unread')).data.unreadCount;
    await expect.poll(() => iconLabel(page)).toBe(before > 0 ? `Chat, ${before} unread` : 'Chat');

    await adminSends('Reminder: the visit report is due on Friday');
    await expect.poll(() => iconLabel(page)).toBe(`Chat, ${before + 1} unread`);
    await recentList(page)
      .getByRole('link', { name: /Reminder: the visit report is due/ })
      .waitFor();
    await screenshot(page, 'host-plain-390');

    const tab = await openSamvadTab(page, () => page.getByRole('button', { name: 'Chat with admin' }).click());
    await tab.getByRole('group', { name: 'Attached to your next message' }).waitFor();
    expect(await tab.getByRole('group', { name: 'Attached to your next message' }).innerText()).toContain(VISIT.visitId);
    await screenshot(tab, 'host-quick-chat-390');
    await tab.close();

    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'host-plain-1440');
  });

  it('opens a recent message in Samvad at that message', async () => {
    const { chatId, messageId } = await adminSends('Which classrooms did you observe?');
    const page = await openPage(`${host.url}/?user=${EMPLOYEE.id}`, PHONE);
    const entry = recentList(page).getByRole('link', { name: /Which classrooms did you observe/ });
    expect(await entry.getAttribute('href')).toBe(`${samvad.url}/chat?chat=${chatId}&message=${messageId}`);
    await screenshot(page, 'host-react-390');
    const tab = await openSamvadTab(page, () => entry.click());
    await tab.getByRole('list', { name: 'Messages' }).getByText('Which classrooms did you observe?').waitFor();
    await tab.close();
  });
});

describe('set-up problems are shown, never nothing', () => {
  it('names the origin to add when the page is not in CORS_ORIGINS', async () => {
    const refusedOrigin = `http://localhost:${hostPort}`;
    const expected = `add ${refusedOrigin} to CORS_ORIGINS`;
    const page = await openPage(`${refusedOrigin}/?user=${EMPLOYEE.id}`);
    await page.getByRole('alert').filter({ hasText: expected }).first().waitFor();
    expect(await iconLabel(page)).toContain(`Samvad at ${samvad.url} does not allow this page's origin`);
    await screenshot(page, 'host-origin-refused');

    const plain = await openPage(`${refusedOrigin}/plain?user=${EMPLOYEE.id}`);
    await plain.getByRole('alert').filter({ hasText: expected }).first().waitFor();
  });

  it('says Samvad is unreachable when nothing answers at its URL', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const elsewhere = await startHostApp(await freePort(), deadUrl, 'a-secret-nobody-checks-anyway');
    try {
      const page = await openPage(`${elsewhere.url}/?user=${EMPLOYEE.id}`);
      await page
        .getByRole('alert')
        .filter({ hasText: `Samvad at ${deadUrl} is unreachable` })
        .first()
        .waitFor();
      // The script itself cannot load: the page's own fallback says so.
      const plain = await openPage(`${elsewhere.url}/plain?user=${EMPLOYEE.id}`);
      await plain.getByText(`Chat unavailable: could not load ${deadUrl}/embed.js`).first().waitFor();
    } finally {
      await elsewhere.stop();
    }
  });
});

describe('deactivation by the host', () => {
  it('signs a deactivated user out of Samvad with a message, and the host widgets say the token is refused', async () => {
    const page = await openPage(`${host.url}/?user=${EMPLOYEE.id}`);
    const tab = await openSamvadTab(page, async () => {
      await recentList(page).waitFor();
      await recentList(page).getByRole('link').first().click();
    });
    await tab.getByRole('list', { name: 'Messages' }).waitFor();

    const deactivated = await samvadApi(ADMIN.id, 'PUT', `/api/users/${EMPLOYEE.id}`, {
      name: EMPLOYEE.name,
      role: 'EMPLOYEE',
      active: false,
    });
    expect(deactivated.status).toBe(200);

    await tab.getByRole('alert').filter({ hasText: 'You have been signed out' }).waitFor();
    await tab.getByLabel('Email').waitFor();
    expect(await tab.evaluate(() => localStorage.getItem('samvad.token'))).toBeNull();
    await screenshot(tab, 'host-deactivated-signed-out');
    await expect.poll(() => iconLabel(page)).toMatch(/^Chat – unavailable: Samvad refused this user's token/);
  });
});
