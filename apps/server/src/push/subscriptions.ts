/** The devices that opted in to Web Push, one row per endpoint (schema: push_subscriptions). */
import { sql } from 'drizzle-orm';
import type { PushSubscriptionInput } from '@samvad/protocol';
import { query, type Tx } from '../db/client.js';
import { textArray } from '../db/values.js';

export interface StoredSubscription {
  endpoint: string;
  userId: string;
  p256dh: string;
  auth: string;
}

/** Stores or moves the device's subscription to `userId` (a shared device signed in as someone else). */
export async function saveSubscription(db: Tx, userId: string, subscription: PushSubscriptionInput): Promise<void> {
  await db.execute(sql`
    insert into push_subscriptions (endpoint, user_id, p256dh, auth)
    values (${subscription.endpoint}, ${userId}, ${subscription.keys.p256dh}, ${subscription.keys.auth})
    on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth`);
}

/** Removes the caller's own subscription for that endpoint (another user's is left alone). */
export async function removeSubscription(db: Tx, userId: string, endpoint: string): Promise<void> {
  await db.execute(sql`delete from push_subscriptions where endpoint = ${endpoint} and user_id = ${userId}`);
}

/** The push service said the subscription is gone (404/410): nobody can use it again. */
export async function forgetEndpoint(db: Tx, endpoint: string): Promise<void> {
  await db.execute(sql`delete from push_subscriptions where endpoint = ${endpoint}`);
}

export async function subscriptionsOf(db: Tx, userIds: readonly string[]): Promise<StoredSubscription[]> {
  if (userIds.length === 0) return [];
  return query<StoredSubscription>(
    db,
    sql`select endpoint, user_id as "userId", p256dh, auth from push_subscriptions where user_id = any(${textArray(userIds)})`,
  );
}
