/**
 * Web Push on this device (issue 14): the browser's subscription, kept in step with the server.
 * Turned on from Settings (a click: browsers ask for permission only from a user gesture), sent
 * again at every start (idempotent; it moves a shared device to whoever signed in), and removed on
 * sign-out so the next person on the device does not get the last one's notifications.
 */
import { api } from '@/lib/api';

export type DevicePushState = 'unsupported' | 'unavailable' | 'denied' | 'off' | 'on';

export interface DevicePush {
  /** What this browser can do and does now. */
  state(): Promise<DevicePushState>;
  /** Asks for permission if needed, subscribes, and registers the subscription with the server. */
  enable(): Promise<DevicePushState>;
  /** Unsubscribes this browser and tells the server (sign-out, or turned off in Settings). */
  disable(): Promise<void>;
  /** Re-sends an existing subscription (start-up): the server may have lost or moved it. */
  refresh(): Promise<void>;
}

const supported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

async function register(subscription: PushSubscription): Promise<void> {
  const json = subscription.toJSON() as { endpoint: string; expirationTime?: number | null; keys: { p256dh: string; auth: string } };
  await api('POST /api/push/subscriptions', { body: json });
}

export function createDevicePush(token: string): DevicePush {
  return {
    async state() {
      if (!supported()) return 'unsupported';
      if (Notification.permission === 'denied') return 'denied';
      if (!(await navigator.serviceWorker.getRegistration())) return 'unavailable';
      return (await currentSubscription()) ? 'on' : 'off';
    },
    async enable() {
      if (!supported()) return 'unsupported';
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
      const { publicKey } = await api('GET /api/push/key');
      if (!publicKey) return 'unavailable';
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      await register(subscription);
      return 'on';
    },
    async disable() {
      const subscription = supported() ? await currentSubscription() : null;
      if (!subscription) return;
      // The token of the session being closed: the stored one may already be gone.
      await api('DELETE /api/push/subscriptions', { body: { endpoint: subscription.endpoint }, token, keepalive: true }).catch(() => {});
      await subscription.unsubscribe();
    },
    async refresh() {
      if (!supported() || Notification.permission !== 'granted') return;
      const subscription = await currentSubscription();
      if (subscription) await register(subscription);
    },
  };
}
