/**
 * The installable app (issue 14): manifest and icons, the service worker that opens the app shell
 * with no network, and Web Push as the device shows it. A push is delivered to the service worker
 * through the Chrome DevTools Protocol (ServiceWorker.deliverPushMessage), as a push service would,
 * with the payload the server sends (packages/protocol PushNotificationPayload).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { Chat, PushNotificationPayload } from '@samvad/protocol';
import { bubble } from './chat-page.js';
import { apiToken, launchBrowser, signIn, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in and waits until the service worker has precached the app and controls the page. */
async function installedApp(email: string): Promise<Page> {
  const page = await signIn(browser, server.url, email, PHONE);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  return page;
}

const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

describe('installable app', () => {
  it('serves a manifest with standalone display, theme colour and icons of the sizes platforms ask for', async () => {
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await res.json()) as {
      display: string;
      start_url: string;
      theme_color: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/chat', theme_color: '#047857' });
    const purposes = new Set(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`));
    expect(purposes).toEqual(new Set(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of manifest.icons) {
      const image = await fetch(`${server.url}${icon.src}`);
      expect(image.headers.get('content-type')).toBe('image/png');
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(Buffer.from(await image.arrayBuffer()))).toEqual({ width, height });
    }
    const html = await (await fetch(`${server.url}/chat`)).text();
    expect(html).toContain('rel="manifest" href="/manifest.webmanifest"');
    expect(html).toContain('rel="apple-touch-icon" href="/icons/apple-touch-icon.png"');
    // Never cached as immutable: a new version must be found on the next visit.
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('opens with no network showing the chats and messages last seen, and forgets them on sign-out', async () => {
    const page = await installedApp('priya@samvad.local');
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
    await bubble(page, 'the CSR library grant').waitFor();
    await expect.poll(() => savedMessageCounts(page), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.any(Number)]));

    await page.context().setOffline(true);
    await page.goto(`${server.url}/chat`);
    await page.getByText(/Offline – messages will be sent when you are back\. Showing chats as saved today at/).waitFor();
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
    await bubble(page, 'the CSR library grant').waitFor();

    await page.context().setOffline(false);
    // Back online: the socket reconnects (Socket.IO's back-off) and the banner goes.
    await page.getByText(/^Offline – messages will be sent/).waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await expect.poll(() => savedMessageCounts(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});

/** The offline snapshots kept in IndexedDB (lib/offline-snapshot.ts): how many chats' messages each holds. */
function savedMessageCounts(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it without its store: look first.
    if (!(await indexedDB.databases()).some((db) => db.name === 'samvad-offline')) return [];
    return new Promise<number[]>((resolve, reject) => {
      const open = indexedDB.open('samvad-offline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const read = open.result.transaction('snapshots').objectStore('snapshots').getAll();
        read.onsuccess = () => {
          resolve((read.result as { messages: Record<string, unknown[]> }[]).map((s) => Object.keys(s.messages).length));
          open.result.close();
        };
      };
    });
  });
}

describe('notifications when the app is closed', () => {
  let page: Page;
  let cdp: CDPSession;
  let registrationId: string;
  let chat: Chat;

  beforeAll(async () => {
    page = await installedApp('priya@samvad.local');
    await page.context().grantPermissions(['notifications'], { origin: server.url });
    cdp = await page.context().newCDPSession(page);
    const registered = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const mine = registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
        if (mine) resolve(mine.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    registrationId = await registered;
    const token = await apiToken(server.url, 'priya@samvad.local');
    const chats = (await (await fetch(`${server.url}/api/chats`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      data: { chats: Chat[] };
    };
    chat = chats.data.chats.find((c) => !c.isGroup && c.participants.some((p) => p.name === 'Asha Admin'))!;
    expect(chat).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
  });

  const deliver = (payload: Partial<PushNotificationPayload>) =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId,
      data: JSON.stringify({
        kind: 'messages',
        chatId: chat.id,
        messageId: '00000000-0000-4000-8000-000000000001',
        count: 1,
        title: 'Asha Admin',
        body: 'Please bring the signed forms',
        tag: `chat-${chat.id}`,
        url: `/chat?chat=${chat.id}`,
        sentAt: new Date().toISOString(),
        ...payload,
      } satisfies PushNotificationPayload),
    });
  const shownNotifications = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })),
    );

  it('shows a push as one notification per chat, adding up the count', async () => {
    await deliver({});
    await expect.poll(shownNotifications).toEqual([{ title: 'Asha Admin', body: 'Please bring the signed forms', tag: `chat-${chat.id}` }]);
    await deliver({ count: 2, body: 'And the attendance register' });
    await expect
      .poll(shownNotifications)
      .toEqual([{ title: 'Asha Admin (3 messages)', body: 'And the attendance register', tag: `chat-${chat.id}` }]);
  });

  it('a click on the notification opens that chat in the open window', async () => {
    await page.goto(`${server.url}/dashboard`);
    await expect.poll(shownNotifications).toHaveLength(1);
    const worker = page.context().serviceWorkers()[0]!;
    await worker.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [notification] = await scope.registration.getNotifications();
      const NotificationEventClass = (
        self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }
      ).NotificationEvent;
      scope.dispatchEvent(new NotificationEventClass('notificationclick', { notification: notification! }));
    });
    await page.waitForURL(`${server.url}/chat?chat=${chat.id}`);
    await page.getByRole('button', { name: 'Contact info' }).filter({ hasText: 'Asha Admin' }).waitFor();
    await page.getByLabel('Type a message').waitFor();
    await expect.poll(shownNotifications).toEqual([]);
  });
});
