/**
 * Multi-node mode (REDIS_URL, CONTRACT §1): the Socket.IO Redis adapter (pub/sub), presence,
 * typing and rate-limit counters shared through one Redis. See docs/operations.md for why the
 * pub/sub adapter rather than the streams adapter.
 *
 * A Redis outage degrades, it does not crash: commands fail fast (no offline queue), every caller
 * catches and logs, publishes that fail are dropped (PostgreSQL stays the truth: clients catch up
 * with GET /api/sync), the rate limiter falls back to per-process counters, and ioredis keeps
 * reconnecting; the subscriber re-subscribes by itself and presence writes its sockets back.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { AppContext, IoServer } from '../context.js';
import type { Config } from '../config.js';
import { query } from '../db/client.js';
import { chatRoom } from '../realtime/rooms.js';
import { emitPresence } from '../realtime/emit.js';
import { createRedisPresence, type RedisPresence } from '../presence/redis-presence.js';
import { createRedisTypingTracker } from '../presence/redis-typing.js';
import type { TypingTracker } from '../presence/typing.js';

export interface ScaleOut {
  /** Commands (presence, typing, rate limits); key prefix applied by the client. */
  redis: Redis;
  presence: RedisPresence;
  /** Installs the adapter on the Socket.IO server. */
  attach(io: IoServer): void;
  createTyping(io: IoServer): TypingTracker;
  /** Announces users whose last sockets were on a process that died (see presence reaping). */
  bindContext(ctx: AppContext): void;
  /** Resolves once connected (or after `ms`, degraded). */
  ready(ms?: number): Promise<boolean>;
  health(): Promise<'ok' | 'down'>;
  close(): Promise<void>;
}

export function createScaleOut(config: Config, logger: Logger): ScaleOut {
  const url = config.redisUrl!;
  const prefix = config.redisKeyPrefix;
  const log = logger.child({ component: 'redis' });
  const base: RedisOptions = {
    // Fail fast while Redis is away instead of queueing commands for later.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  };
  const onError = (name: string) => {
    let last = 0;
    return (error: Error) => {
      // Reconnection loops repeat the same error; log it at most every 5 s.
      if (Date.now() - last > 5000) log.warn({ err: error, client: name }, 'redis client error');
      last = Date.now();
    };
  };
  const redis = new Redis(url, { ...base, keyPrefix: prefix });
  const pub = new Redis(url, base);
  // The subscriber keeps its offline queue so its (re)subscriptions wait for the connection.
  const sub = new Redis(url, { ...base, enableOfflineQueue: true, maxRetriesPerRequest: null });
  redis.on('error', onError('commands'));
  pub.on('error', onError('publish'));
  sub.on('error', onError('subscribe'));
  for (const [name, client] of [
    ['commands', redis],
    ['subscribe', sub],
  ] as const)
    client.on('ready', () => log.info({ client: name }, 'redis ready'));

  // The adapter publishes without awaiting; a rejected publish during an outage would otherwise be
  // an unhandled rejection. Dropped fan-out is recovered by clients through GET /api/sync.
  const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
  let droppedSince = 0;
  (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).catch((error: unknown) => {
      if (Date.now() - droppedSince > 5000) log.warn({ err: error }, 'redis publish failed; live fan-out to other processes dropped');
      droppedSince = Date.now();
      return 0;
    });

  let ctx: AppContext | undefined;
  const presence = createRedisPresence(redis, log, {
    keyPrefix: prefix,
    onUsersGone: (userIds) => {
      if (ctx) void announceGone(ctx, userIds).catch((error) => log.warn({ err: error }, 'announcing reaped users failed'));
    },
  });

  return {
    redis,
    presence,
    attach(io) {
      io.adapter(createAdapter(pub, sub, { key: `${prefix}socket.io`, requestsTimeout: 3000 }));
    },
    createTyping: (io) => createRedisTypingTracker(io, redis, log),
    bindContext(c) {
      ctx = c;
    },
    async ready(ms = 5000) {
      const waitFor = (client: Redis) =>
        client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve()));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
      const outcome = await Promise.race([Promise.all([waitFor(redis), waitFor(pub), waitFor(sub)]), timeout]);
      if (outcome === 'timeout') log.error('redis not reachable at start-up; running degraded until it is');
      return outcome !== 'timeout';
    },
    async health() {
      if (redis.status !== 'ready') return 'down';
      try {
        const pong = await Promise.race([
          redis.ping(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
        ]);
        return pong === 'PONG' ? 'ok' : 'down';
      } catch {
        return 'down';
      }
    },
    async close() {
      await presence.close();
      await Promise.all(
        [redis, pub, sub].map((client) =>
          client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : Promise.resolve(client.disconnect()),
        ),
      );
    },
  };
}

/** Users whose last sockets died with another process: tell their contacts, record last seen. */
async function announceGone(ctx: AppContext, userIds: string[]): Promise<void> {
  const lastSeen = ctx.clock.now();
  for (const userId of userIds) {
    const rows = await query<{ name: string }>(ctx.db, sql`update users set last_seen = ${lastSeen} where id = ${userId} returning name`);
    const name = rows[0]?.name;
    if (!name) continue;
    const chats = await query<{ chat_id: string }>(
      ctx.db,
      sql`select chat_id from chat_participants where user_id = ${userId} and left_at is null`,
    );
    emitPresence(
      ctx.io,
      chats.map((c) => chatRoom(c.chat_id)),
      { id: userId, name },
      { state: 'offline', lastSeen },
    );
  }
}
