/**
 * Web Push for new messages (issue 14): a member with no connected socket anywhere (presence spans
 * processes with Redis) gets a notification on each device that opted in, encrypted for that device
 * (RFC 8291, aes128gcm) and signed with the server's VAPID key (RFC 8292) by the `web-push` library.
 *
 * Who gets one, decided at send time: current members (not removed, not left), active users, with
 * notifications on (settings.desktopNotifications), not the sender, and for a muted chat only when
 * the message mentions them. Messages of one chat within `collapseMs` go out as one push per device
 * ("3 new messages"), with the chat as Topic (the push service keeps only the latest undelivered
 * one) and as tag (the device replaces its notification). Endpoints answering 404/410 are removed.
 * Sending never delays a message: it runs after commit, off the hot path, and failures are logged.
 */
import { sql } from 'drizzle-orm';
import pLimit from 'p-limit';
import webpush from 'web-push';
import { previewText, type PushNotificationPayload } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { query } from '../db/client.js';
import { toIso } from '../db/values.js';
import { presentMessage, type MessageRecord } from '../messages/queries.js';
import { forgetEndpoint, subscriptionsOf, type StoredSubscription } from './subscriptions.js';

export interface WebPushNotifier {
  /** A message was committed and pushed to sockets (realtime/emit.ts calls this for every new message). */
  messageSent(record: MessageRecord): void;
  /** Sends what is waiting now (tests; shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** How long a push service keeps a notification for a device that is offline. */
const TTL_SECONDS = 24 * 60 * 60;
/** Requests to push services in flight at once (a large group with many offline devices). */
const PARALLEL_SENDS = 8;
const SEND_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 120;

interface Recipient {
  userId: string;
  isMuted: boolean;
  joinedSeq: number;
  notificationPreview: boolean;
  chatType: 'ONE_ON_ONE' | 'GROUP';
  chatName: string | null;
}

export function createWebPushNotifier(ctx: AppContext): WebPushNotifier {
  const { vapid, collapseMs } = ctx.config.push;
  if (!vapid) return { messageSent() {}, flush: async () => {}, close: async () => {} };

  let pending = new Map<string, MessageRecord[]>(); // chat id → new messages since the last push
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();
  const sendLimit = pLimit(PARALLEL_SENDS);

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    const work = Promise.all([...batch].map(([chatId, records]) => notifyChat(chatId, records))).then(
      () => {},
      (error) => ctx.logger.warn({ err: error }, 'web push: a batch failed'),
    );
    running.add(work);
    await work.finally(() => running.delete(work));
  };

  const notifyChat = async (chatId: string, records: MessageRecord[]) => {
    const recipients = await query<Recipient>(
      ctx.db,
      sql`select p.user_id as "userId", p.is_muted as "isMuted", p.joined_seq as "joinedSeq",
                 u.notification_preview as "notificationPreview", c.type as "chatType", c.name as "chatName"
          from chat_participants p join users u on u.id = p.user_id join chats c on c.id = p.chat_id
          where p.chat_id = ${chatId} and p.left_at is null and u.is_active and u.desktop_notifications
            and exists (select 1 from push_subscriptions s where s.user_id = p.user_id)`,
    );
    const wanted = new Map<string, { recipient: Recipient; messages: MessageRecord[] }>();
    for (const recipient of recipients) {
      const messages = records.filter(
        (r) =>
          r.sender_id !== recipient.userId && r.seq > recipient.joinedSeq && (!recipient.isMuted || r.mentions.includes(recipient.userId)),
      );
      if (messages.length > 0) wanted.set(recipient.userId, { recipient, messages });
    }
    if (wanted.size === 0) return;
    const connected = await ctx.presence.connectedAmong([...wanted.keys()]);
    const offline = [...wanted.keys()].filter((userId) => !connected.has(userId));
    const subscriptions = await subscriptionsOf(ctx.db, offline);
    await Promise.all(
      subscriptions.map((subscription) => {
        const { recipient, messages } = wanted.get(subscription.userId)!;
        return sendLimit(() => send(subscription, notificationFor(chatId, recipient, messages)));
      }),
    );
  };

  const send = async (subscription: StoredSubscription, payload: PushNotificationPayload) => {
    const request = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: vapid,
        TTL: TTL_SECONDS,
        urgency: 'high',
        topic: payload.chatId.replace(/-/g, ''), // ≤ 32 URL-safe characters
        contentEncoding: 'aes128gcm',
      },
    );
    try {
      // fetch, not the library's https-only sender: the tests' push service listens on plain loopback.
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'error',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) await forgetEndpoint(ctx.db, subscription.endpoint);
      else if (!response.ok) ctx.logger.warn({ status: response.status }, 'web push: the push service refused a notification');
    } catch (error) {
      ctx.logger.warn({ err: error }, 'web push: the push service could not be reached');
    }
  };

  return {
    messageSent(record) {
      if (record.message_type === 'SYSTEM') return;
      const list = pending.get(record.chat_id);
      if (list) list.push(record);
      else pending.set(record.chat_id, [record]);
      timer ??= setTimeout(() => void flush(), collapseMs);
    },
    flush,
    async close() {
      await flush();
      await Promise.all(running);
    },
  };
}

/**
 * What the device shows: who and what as the recipient's settings allow. The title is the chat's;
 * the service worker adds the count ("(3 messages)"), summing pushes it has not yet had clicked.
 */
function notificationFor(chatId: string, recipient: Recipient, messages: MessageRecord[]): PushNotificationPayload {
  const latest = messages[messages.length - 1]!;
  const count = messages.length;
  const snippet = truncate(previewText(presentMessage(latest, null, null)));
  const base = {
    kind: 'messages' as const,
    chatId,
    messageId: latest.id,
    count,
    tag: `chat-${chatId}`, // as the in-page notifications (features/notifications/notify.ts): one per chat
    url: `/chat?chat=${encodeURIComponent(chatId)}`,
    sentAt: toIso(latest.created_at),
  };
  if (!recipient.notificationPreview) {
    return { ...base, title: 'Samvad', body: 'New message' };
  }
  if (recipient.chatType === 'GROUP') {
    return { ...base, title: recipient.chatName ?? 'Group', body: `${latest.sender_name}: ${snippet}` };
  }
  return { ...base, title: latest.sender_name, body: snippet };
}

function truncate(text: string): string {
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text;
}
