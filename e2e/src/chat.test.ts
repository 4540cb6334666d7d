/** Two users in two browser contexts against the real server and the built web app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const chatItem = (page: Page, name: string) => page.getByRole('list', { name: 'Chats' }).getByRole('button', { name, exact: true });
const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });
const composer = (page: Page) => page.getByLabel('Type a message');

async function navUnread(page: Page): Promise<number> {
  const badge = page.getByTestId('nav-unread');
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
}

async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

async function startChatWith(page: Page, name: string) {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('dialog').getByLabel('Search people').fill(name.split(' ')[0]!);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: new RegExp(name) })
    .click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

describe('sign in', () => {
  it('rejects a wrong password and keeps a session across reloads', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/chat`);
    await page.getByLabel('Email').fill('priya@samvad.local');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await screenshot(page, 'sign-in-error');
    await page.getByLabel('Password').fill('samvad-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('list', { name: 'Chats' }).waitFor();
    await page.reload();
    await page.getByRole('list', { name: 'Chats' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await context.close();
  });
});

describe('two users chatting', () => {
  let ravi: Page;
  let arjun: Page;

  beforeAll(async () => {
    ravi = await signIn(browser, server.url, 'ravi@samvad.local');
    arjun = await signIn(browser, server.url, 'arjun@samvad.local');
  });

  it('starts a chat, delivers live, shows unread badges, and turns the ticks blue on read', async () => {
    // Arjun looks at another page so the message stays unread for him.
    await arjun.getByRole('link', { name: 'Dashboard' }).click();
    const unreadBefore = await navUnread(arjun);
    await startChatWith(ravi, 'Arjun Singh');
    await send(ravi, 'Hello Arjun, are you at the school?');
    await messages(ravi).getByText('Hello Arjun, are you at the school?').waitFor();
    await expect.poll(() => navUnread(arjun)).toBe(unreadBefore + 1);
    await ravi.getByRole('img', { name: 'Delivered' }).waitFor();
    await screenshot(arjun, 'dashboard-unread');

    await arjun.getByRole('link', { name: /^Chat/ }).click();
    await chatItem(arjun, 'Ravi Kumar').waitFor();
    await expect.poll(() => arjun.getByRole('list', { name: 'Chats' }).getByLabel('1 unread').count()).toBe(1);
    await chatItem(arjun, 'Ravi Kumar').click();
    await messages(arjun).getByText('Hello Arjun, are you at the school?').waitFor();
    await messages(arjun).getByText('1 unread message', { exact: true }).waitFor();
    await ravi.getByRole('img', { name: 'Read' }).waitFor();
    await expect.poll(() => navUnread(arjun)).toBe(unreadBefore);
    await screenshot(ravi, 'conversation-read');
  });

  it('shows typing while the other types and stops after sending', async () => {
    await composer(arjun).pressSequentially('Yes, ', { delay: 30 });
    await ravi.getByText('Arjun Singh is typing…').waitFor();
    await screenshot(ravi, 'typing');
    await composer(arjun).pressSequentially('just arrived', { delay: 10 });
    await composer(arjun).press('Enter');
    await messages(ravi).getByText('Yes, just arrived').waitFor();
    await expect.poll(() => ravi.getByText('Arjun Singh is typing…').count(), { timeout: 7000 }).toBe(0);
  });

  it('shows markup and javascript: links as text, and only safe links as links', async () => {
    await send(ravi, '<script>window.__pwned=1</script> javascript:alert(1) <img src=x onerror="window.__pwned=2"> https://example.com/ok');
    const bubble = messages(arjun).getByText('<script>window.__pwned=1</script>', { exact: false });
    await bubble.waitFor();
    expect(await arjun.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const links = messages(arjun).getByRole('link');
    const hrefs = await links.evaluateAll((els) =>
      els.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]),
    );
    expect(hrefs).toContainEqual(['https://example.com/ok', '_blank', 'noopener noreferrer']);
    expect(hrefs.some(([href]) => href?.toLowerCase().startsWith('javascript:'))).toBe(false);
    expect(await messages(arjun).locator('script, img[src="x"]').count()).toBe(0);
  });

  it('replies with a quote the other side sees', async () => {
    const original = messages(arjun).getByText('Hello Arjun, are you at the school?');
    await original.hover();
    await messages(arjun)
      .locator('[data-message-id]', { hasText: 'Hello Arjun, are you at the school?' })
      .getByRole('button', { name: 'Message actions' })
      .click();
    await arjun.getByRole('menuitem', { name: 'Reply' }).click();
    await send(arjun, 'Replying to your question');
    const reply = messages(ravi).locator('[data-message-id]', { hasText: 'Replying to your question' });
    await reply.waitFor();
    expect(await reply.innerText()).toContain('Hello Arjun, are you at the school?');
  });

  it('delivers a message queued while offline exactly once', async () => {
    await ravi.context().setOffline(true);
    await ravi.getByText('Offline – messages will be sent when you are back').waitFor();
    await send(ravi, 'Sent while offline');
    await ravi.getByRole('img', { name: 'Sending' }).waitFor();
    await screenshot(ravi, 'offline-queued');
    await ravi.context().setOffline(false);
    await messages(arjun).getByText('Sent while offline').waitFor({ timeout: 20_000 });
    await arjun.waitForTimeout(1500);
    expect(await messages(arjun).getByText('Sent while offline').count()).toBe(1);
    expect(await messages(ravi).getByText('Sent while offline').count()).toBe(1);
  });
});

describe('groups and phone layout', () => {
  it('lets an admin create a group and members talk in it', async () => {
    const admin = await signIn(browser, server.url, 'admin@samvad.local');
    const meera = await signIn(browser, server.url, 'meera@samvad.local');
    await admin.getByRole('button', { name: 'New group' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Group name').fill('Pune Visits');
    await dialog.getByLabel('Search people').fill('Meera');
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await send(admin, 'Welcome to the Pune group');
    await chatItem(meera, 'Pune Visits').click();
    await messages(meera).getByText('Welcome to the Pune group').waitFor();
    // @mention: typing "@as" offers the member; Enter writes the full name in, Enter again sends.
    await composer(meera).fill('Thanks @as');
    await meera.getByRole('listbox', { name: 'Mention a member' }).getByRole('option', { name: '@Asha Admin' }).waitFor();
    await composer(meera).press('Enter');
    expect(await composer(meera).inputValue()).toBe('Thanks @Asha Admin ');
    await composer(meera).press('Enter');
    const fromMeera = messages(admin).locator('[data-message-id]', { hasText: 'Thanks @Asha Admin' });
    await fromMeera.waitFor();
    expect(await fromMeera.innerText()).toContain('Meera Iyer');
    // The mention is set apart in the bubble (its own element), not just part of the text.
    await fromMeera.getByText('@Asha Admin', { exact: true }).waitFor();
    await screenshot(admin, 'group');
  });

  it('works on a phone: list, full-screen conversation, back', async () => {
    const phone = await signIn(browser, server.url, 'priya@samvad.local', { width: 390, height: 844 });
    await screenshot(phone, 'phone-list');
    await chatItem(phone, 'Asha Admin').click();
    await composer(phone).waitFor();
    expect(await phone.getByRole('list', { name: 'Chats' }).isVisible()).toBe(false);
    await send(phone, 'From my phone');
    await messages(phone).getByText('From my phone').waitFor();
    await screenshot(phone, 'phone-conversation');
    await phone.getByRole('button', { name: 'Back' }).click();
    await phone.getByRole('list', { name: 'Chats' }).waitFor();
  });
});

describe('integration pages', () => {
  it('starts a chat with an admin from a visit, with the visit shown as a card', async () => {
    const arjun = await signIn(browser, server.url, 'arjun@samvad.local');
    const admin = await signIn(browser, server.url, 'admin@samvad.local');
    await arjun.getByRole('link', { name: 'Visit' }).click();
    await arjun.getByRole('button', { name: /Chat with admin/ }).click();
    // The visit waits in the composer; it goes with the user's own words.
    const attached = arjun.getByRole('group', { name: 'Attached to your next message' });
    await attached.waitFor();
    expect(await attached.innerText()).toContain('demo-visit-1');
    await send(arjun, 'Can you check my visit report?');
    const sent = messages(arjun).locator('[data-message-id]', { hasText: 'School visit' });
    await sent.waitFor();
    expect(await sent.innerText()).toContain('Can you check my visit report?');
    await attached.waitFor({ state: 'detached' });
    await chatItem(admin, 'Arjun Singh').click();
    const received = messages(admin).locator('[data-message-id]', { hasText: 'School visit' });
    await received.waitFor();
    expect(await received.innerText()).toContain('demo-visit-1');
    await screenshot(admin, 'visit-card');
    // The dashboard widget lists what others sent, and opens the chat.
    await send(admin, 'Got it, checking the visit now');
    await arjun.getByRole('link', { name: 'Dashboard' }).click();
    await arjun.getByRole('heading', { name: 'Recent Messages' }).waitFor();
    await arjun.getByRole('link', { name: /Got it, checking the visit now/ }).click();
    await messages(arjun).getByText('Got it, checking the visit now').waitFor();
  });
});

describe('notifications', () => {
  it('notifies of a message in a chat that is not open, and not in the open one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['notifications'] });
    // Record notifications instead of showing them.
    await context.addInitScript(() => {
      const shown: { title: string; body?: string }[] = [];
      (window as unknown as { __notifications: typeof shown }).__notifications = shown;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    const meera = await context.newPage();
    await meera.goto(`${server.url}/chat`);
    await meera.getByLabel('Email').fill('meera@samvad.local');
    await meera.getByLabel('Password').fill('samvad-demo');
    await meera.getByRole('button', { name: 'Sign in' }).click();
    await chatItem(meera, 'Field Team - Mumbai').click();
    const ravi = await signIn(browser, server.url, 'ravi@samvad.local');
    await chatItem(ravi, 'Meera Iyer').click();
    await send(ravi, 'Are you free at 4?');
    const shown = () =>
      meera.evaluate(() => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications);
    await expect.poll(shown).toContainEqual({ title: 'Ravi Kumar', body: 'Are you free at 4?' });
    // The chat that is open and in view does not notify.
    await chatItem(meera, 'Ravi Kumar').click();
    await send(ravi, 'Reply when you can');
    await messages(meera).getByText('Reply when you can').waitFor();
    expect((await shown()).some((n) => n.body === 'Reply when you can')).toBe(false);
    await context.close();
    await ravi.context().close();
  });
});
