/// <reference lib="webworker" />
/**
 * The service worker (issue 14): the app shell opens without a network (Workbox precaching of the
 * static export, whose list and revisions scripts/build-service-worker.mjs writes in at build
 * time), Web Push shows one notification per chat, and a click opens that chat.
 *
 * A new version waits until the page says SKIP_WAITING (the user chose "Reload" on "Update
 * available"), so an open page never runs against files of another version.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import type { PushNotificationPayload } from '@samvad/protocol';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

/**
 * The API and the socket never go through this worker: with the Service Worker Static Routing API
 * (Chromium 123+) the browser sends them straight to the network without waking it. That is also
 * what lets a `keepalive` request sent as the page goes away (a waiting "delete for me") reach the
 * server: routed through a worker, such requests were sometimes lost with the page. Elsewhere the
 * fetch handler below (Workbox) does not answer them, so they go to the network all the same.
 */
type RouterRule = { condition: { urlPattern: unknown }; source: 'network' };
self.addEventListener('install', (event) => {
  const install = event as ExtendableEvent & { addRoutes?: (rules: RouterRule[]) => Promise<void> };
  const Pattern = (globalThis as { URLPattern?: new (init: { pathname: string }) => unknown }).URLPattern;
  if (!install.addRoutes || !Pattern) return;
  const rules = ['/api/*', '/socket.io/*'].map((pathname): RouterRule => ({
    condition: { urlPattern: new Pattern({ pathname }) },
    source: 'network',
  }));
  event.waitUntil(install.addRoutes(rules).catch(() => {}));
});

// The first worker serves the page that installed it at once (same version); later ones wait (above).
clientsClaim();
cleanupOutdatedCaches();
// Pages are static: `/chat?chat=…` is `/chat.html` whatever the query (cleanURLs maps the .html).
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** What a shown notification keeps, so the next push for the chat can add to its count. */
interface NotificationData {
  url: string;
  count: number;
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  if (payload) event.waitUntil(showMessages(payload));
});

async function showMessages(payload: PushNotificationPayload): Promise<void> {
  const [shown] = await self.registration.getNotifications({ tag: payload.tag });
  const count = payload.count + ((shown?.data as NotificationData | undefined)?.count ?? 0);
  const data: NotificationData = { url: payload.url, count };
  await self.registration.showNotification(count > 1 ? `${payload.title} (${count} messages)` : payload.title, {
    body: payload.body,
    tag: payload.tag,
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data,
  });
}

function readPayload(data: PushMessageData | null): PushNotificationPayload | null {
  try {
    const payload = data?.json() as PushNotificationPayload | undefined;
    return payload?.kind === 'messages' && typeof payload.url === 'string' ? payload : null;
  } catch {
    return null;
  }
}

/**
 * The push service replaced or expired this device's subscription: subscribe again with the same
 * server key, so the device keeps a subscription. The page registers it with the server the next
 * time the app opens (device-push.ts `refresh`); the old endpoint answers 404/410 and is forgotten.
 */
self.addEventListener('pushsubscriptionchange', (event) => {
  const change = event as ExtendableEvent & { oldSubscription?: PushSubscription | null; newSubscription?: PushSubscription | null };
  const options = change.oldSubscription?.options;
  if (change.newSubscription || !options?.applicationServerKey) return;
  change.waitUntil(
    self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: options.applicationServerKey }).catch(() => {}),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { url } = event.notification.data as NotificationData;
  event.waitUntil(openPage(new URL(url, self.location.origin).href));
});

/** Shows the chat in an open window of the app (focused when the browser allows), or opens one. */
async function openPage(url: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  const shown = await open?.navigate(url).catch(() => null);
  if (!shown) {
    await self.clients.openWindow(url);
    return;
  }
  await shown.focus().catch(() => {}); // focusing needs the click's user activation, which a browser may not pass on
}
