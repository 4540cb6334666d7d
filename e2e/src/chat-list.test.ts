/**
 * The chat list as it is lived in (issue 13): archived and muted chats keep their unread out of the
 * badge but in sight (an "Archived" row; a mention of me still counts), chat actions on a touch screen
 * (long press, a visible menu button, swipe to archive with Undo), and a draft per chat that survives
 * switching chats and reloading, shown as "Draft: …" in the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PASSWORD, signIn, startServer, waitForChats, type RunningServer } from './harness.js';
import { openMessageMenu, send } from './chat-page.js';
import { restAs, type Rest } from './rest.js';

let server: RunningServer;
let browser: Browser;
let adminRest: Rest;

const chats = (page: Page) => page.getByRole('list', { name: 'Chats' });
const row = (page: Page, name: string) => chats(page).getByRole('listitem', { name, exact: true });
const badge = (page: Page) => page.getByTestId('nav-unread');

interface Person {
  id: string;
  email: string;
  rest: Rest;
}

/** A new user of this file alone, so the seeded chats' unread messages do not count. */
async function newPerson(name: string): Promise<Person> {
  const email = `${name.split(' ')[0]!.toLowerCase()}@chat-list.test`;
  const { user } = (await adminRest.send('POST', '/api/users', { name, email, password: PASSWORD, role: 'EMPLOYEE' })) as {
    user: { id: string };
  };
  return { id: user.id, email, rest: await restAs(server.url, email) };
}

async function directChat(from: Rest, participantId: string): Promise<string> {
  const { chat } = (await from.send('POST', '/api/chats', { type: 'ONE_ON_ONE', participantId })) as { chat: { id: string } };
  return chat.id;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  adminRest = await restAs(server.url, 'admin@samvad.local');
  // A safety net: the server's first start is slow on a busy machine.
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hidden unread (issue 13.9)', () => {
  it('keeps muted and archived chats out of the badge unless they mention me, and shows archived unread in an Archived row', async () => {
    const lata = await newPerson('Lata Rao');
    const direct = await directChat(adminRest, lata.id);
    const { chat: group } = (await adminRest.send('POST', '/api/chats', {
      type: 'GROUP',
      name: 'Quiet Group',
      participantIds: [lata.id],
    })) as {
      chat: { id: string };
    };
    await lata.rest.send('PUT', `/api/chats/${direct}`, { isArchived: true });
    await lata.rest.send('PUT', `/api/chats/${group.id}`, { isMuted: true });
    await adminRest.sendText(direct, 'Archived hello');
    await adminRest.sendText(direct, 'Archived again');
    await adminRest.sendText(group.id, 'Group chatter');
    await adminRest.sendText(group.id, '@Lata please look at this');

    const page = await signIn(browser, server.url, lata.email);
    // Four unread, but only the mention in the muted group raises the badge and the title.
    await expect.poll(() => badge(page).textContent()).toBe('1');
    await expect.poll(() => page.title()).toBe('(1) Samvad');
    await row(page, 'Quiet Group').getByLabel('2 unread').waitFor();
    await row(page, 'Quiet Group').getByLabel('Mentions you').waitFor();
    expect(await row(page, 'Asha Admin').count()).toBe(0);
    const archivedRow = chats(page).getByRole('button', { name: /^Archived/ });
    await expect.poll(() => archivedRow.getAttribute('aria-label')).toBe('Archived, 2 unread');

    // The Archived row opens the archived chats, with a way back.
    await archivedRow.click();
    await row(page, 'Asha Admin').getByLabel('2 unread').waitFor();
    expect(await row(page, 'Quiet Group').count()).toBe(0);
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await row(page, 'Quiet Group').waitFor();

    // Live: more chatter in the muted group leaves the badge alone; a mention in the archived chat raises it.
    await adminRest.sendText(group.id, 'More chatter');
    await row(page, 'Quiet Group').getByLabel('3 unread').waitFor();
    expect(await badge(page).textContent()).toBe('1');
    await adminRest.sendText(direct, '@Lata Rao are you there?');
    await expect.poll(() => archivedRow.getAttribute('aria-label')).toBe('Archived, 3 unread');
    await expect.poll(() => badge(page).textContent()).toBe('2');
    await expect.poll(() => page.title()).toBe('(2) Samvad');

    // Reading the muted group takes its mention off the badge.
    await chats(page).getByRole('button', { name: 'Quiet Group', exact: true }).click();
    await expect.poll(() => badge(page).textContent()).toBe('1');
    await page.context().close();
  });
});

describe('chat actions on touch (issue 13.6)', () => {
  it('long press opens the chat actions without opening the chat; the menu button shows; a swipe archives with Undo', async () => {
    const tara = await newPerson('Tara Nair');
    const direct = await directChat(adminRest, tara.id);
    await adminRest.sendText(direct, 'Hello Tara');
    const page = await signIn(browser, server.url, tara.email, { width: 390, height: 844 }, { hasTouch: true, isMobile: true });
    const item = row(page, 'Asha Admin');
    await item.waitFor();

    // No hover on a touch screen: the menu button is always shown.
    const menuButton = item.getByRole('button', { name: 'Chat menu' });
    expect(await menuButton.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');

    // Long press: the finger stays down until the actions appear, then lifts.
    const cdp = await page.context().newCDPSession(page);
    const box = (await item.boundingBox())!;
    const at = (x: number) => [{ x, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(box.x + 80) });
    const menu = page.getByRole('menu', { name: 'Chat options' });
    await menu.waitFor();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    for (const action of ['Pin', 'Archive', 'Mute', 'Delete chat']) await menu.getByRole('menuitem', { name: action }).waitFor();
    await menu.getByRole('menuitem', { name: 'Pin' }).tap();
    await item.getByRole('img', { name: 'Pinned' }).waitFor();
    // The press that opened the menu did not open the chat as well.
    expect(await page.getByLabel('Type a message').count()).toBe(0);

    // Swipe left: archived at once, with Undo (tapped at once: the toast lasts ~5 s).
    const writes: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith(`/api/chats/${direct}`)) writes.push(request.postDataJSON());
    });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(box.x + 300) });
    for (let step = 1; step <= 6; step++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(box.x + 300 - step * 30) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const undo = page.getByRole('status').filter({ hasText: 'Chat archived' }).getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    // The toast comes once the chat is archived, out of the list.
    expect(await item.count()).toBe(0);
    // Clicked, not tapped: Chromium takes a tap within a moment of a swipe's end as the end of that
    // gesture and sends no click (a tap 1.5 s later works; a person is not that quick).
    await undo.click();
    await item.waitFor();
    expect(await page.getByLabel('Type a message').count()).toBe(0);
    await expect.poll(() => writes).toEqual([{ isArchived: true }, { isArchived: false }]);
    await expect.poll(async () => (await tara.rest.chatNamed('Asha Admin')).isArchived).toBe(false);
    await page.context().close();
  });
});

describe('drafts (issue 13.11)', () => {
  it('keeps a draft per chat (text, reply, visit card) across chats and reloads, shows it in the list, and forgets it when sent or on sign-out', async () => {
    const uma = await newPerson('Uma Das');
    const withAsha = await directChat(adminRest, uma.id);
    const ravi = await restAs(server.url, 'ravi@samvad.local');
    const raviId = (await ravi.get<{ user: { id: string } }>('/api/auth/me')).user.id;
    await directChat(uma.rest, raviId);
    await adminRest.sendText(withAsha, 'Please confirm the visit');

    const page = await signIn(browser, server.url, uma.email);
    const composer = page.getByLabel('Type a message');
    const openChat = async (name: string) => {
      await chats(page).getByRole('button', { name, exact: true }).click();
      await page.getByRole('region', { name: `Conversation with ${name}` }).waitFor();
    };
    await openChat('Asha Admin');
    await openMessageMenu(page, 'Please confirm the visit');
    await page.getByRole('menuitem', { name: 'Reply' }).click();
    await composer.fill('Half a thought');
    await openChat('Ravi Kumar');
    await expect.poll(() => row(page, 'Asha Admin').locator('[id^="preview-"]').textContent()).toBe('Draft: Half a thought');

    // A visit card attached from the host app's link is part of the Ravi chat's draft.
    const context = { type: 'visit', visitId: 'V-17', schoolName: 'ZP School Andheri' };
    await page.goto(`${server.url}/chat?with=${raviId}&context=${encodeURIComponent(JSON.stringify(context))}`);
    await page.getByRole('group', { name: 'Attached to your next message' }).waitFor();
    await openChat('Asha Admin');
    await expect
      .poll(() => row(page, 'Ravi Kumar').locator('[id^="preview-"]').textContent())
      .toBe('Draft: 🏫 School visit · ZP School Andheri');
    // Reloaded: the text and the reply are back where they were left.
    await page.reload();
    await waitForChats(page);
    await openChat('Asha Admin');
    await expect.poll(() => composer.inputValue()).toBe('Half a thought');
    await page.getByText('Replying to Asha Admin').waitFor();
    await openChat('Ravi Kumar');
    await page.getByRole('group', { name: 'Attached to your next message' }).waitFor();
    expect(await composer.inputValue()).toBe('');

    // Sent: the draft is gone, and the list shows the message again.
    await openChat('Asha Admin');
    await send(page, 'Half a thought');
    await openChat('Ravi Kumar');
    await expect.poll(() => row(page, 'Asha Admin').locator('[id^="preview-"]').textContent()).toBe('Half a thought');

    // Signing out forgets the drafts kept in this browser.
    const storedDrafts = () => page.evaluate((key) => window.localStorage.getItem(key), `samvad.drafts.${uma.id}`);
    const kept = JSON.parse((await storedDrafts()) ?? '{}') as Record<string, { context: unknown }>;
    expect(Object.values(kept).map((draft) => draft.context)).toEqual([context]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect(await storedDrafts()).toBeNull();
    await page.context().close();
  });
});
