/**
 * Presence across processes through a real Redis (REDIS_URL; CI sets it): two trackers stand for
 * two server processes. "Online" counts active sockets; "connected" counts any socket, which is
 * what Web Push asks (a tab in the background still hears the message itself).
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisPresence } from './redis-presence.js';

describe.runIf(!!process.env.REDIS_URL)('Redis presence across processes', () => {
  const prefix = `test-presence-${crypto.randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];
  // As a server does (scale/redis.ts): connected first, so the tracker's first heartbeat takes the lease.
  const processNode = async () => {
    const redis = new Redis(process.env.REDIS_URL!, { keyPrefix: prefix });
    clients.push(redis);
    await new Promise((resolve) => redis.once('ready', resolve));
    return createRedisPresence(redis, pino({ level: 'silent' }), { keyPrefix: prefix });
  };
  afterAll(async () => {
    const cleaner = clients[0];
    if (cleaner) {
      const keys = await cleaner.keys('*'); // the client prefixes the pattern, not the answers
      if (keys.length) await cleaner.del(...keys.map((k) => k.slice(prefix.length)));
    }
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('tells connected from online, seen from another process, until the socket or its process goes', async () => {
    const first = await processNode();
    const second = await processNode();
    expect(await first.connect('user-a', 'socket-1')).toBe(true);
    await first.connect('user-b', 'socket-2');
    expect(await first.setActive('user-b', 'socket-2', false)).toBe('offline');

    expect(await second.onlineAmong(['user-a', 'user-b', 'user-c'])).toEqual(new Set(['user-a']));
    expect(await second.connectedAmong(['user-a', 'user-b', 'user-c'])).toEqual(new Set(['user-a', 'user-b']));

    await first.disconnect('user-a', 'socket-1');
    expect(await second.connectedAmong(['user-a', 'user-b'])).toEqual(new Set(['user-b']));

    // The first process stops (its lease ends at once): its sockets no longer count anywhere.
    await first.close();
    expect(await second.connectedAmong(['user-b'])).toEqual(new Set());
    await second.close();
  });
});
