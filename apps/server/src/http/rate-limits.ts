/**
 * Per-user limits of spec §9.3 plus failed logins. In memory for one process; in Redis when
 * REDIS_URL is set, so several processes share the counters.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

export type LimitKind = 'message' | 'typing' | 'upload' | 'chat' | 'login' | 'presence' | 'reaction' | 'edit' | 'receipt';

/**
 * Kept in this process's memory even with Redis: receipts come with every message received (the
 * hot path), and a user's receipts arrive on their own sockets, mostly on one process.
 */
const LOCAL_ONLY: ReadonlySet<LimitKind> = new Set(['receipt']);

export interface RateLimits {
  /** Counts one action; throws RATE_LIMITED (with retryAfterMs) when over the limit. */
  consume(kind: LimitKind, key: string): Promise<void>;
  /** For typing: true when allowed, false when over the limit (typing is dropped silently). */
  tryConsume(kind: LimitKind, key: string): Promise<boolean>;
  reset(kind: LimitKind, key: string): Promise<void>;
  /** Throws RATE_LIMITED when `key` has used up its limit, without counting anything (checks before costly work). */
  requireNotExhausted(kind: LimitKind, key: string): Promise<void>;
}

const rateLimited = (msBeforeNext: number) => {
  const retryAfterMs = Math.max(1000, msBeforeNext);
  return new AppError('RATE_LIMITED', `Too many requests; try again in ${Math.ceil(retryAfterMs / 1000)} s`, { retryAfterMs });
};

export function createRateLimits(config: Config, redis?: Redis): RateLimits {
  const r = config.rateLimits;
  const specs: Record<LimitKind, { points: number; duration: number }> = {
    message: { points: r.messagesPerMin, duration: 60 },
    typing: { points: r.typingPerMin, duration: 60 },
    upload: { points: r.uploadsPerMin, duration: 60 },
    chat: { points: r.chatsPerHour, duration: 3600 },
    login: { points: r.loginsPerMin, duration: 60 },
    // A sixth of the minute's allowance per 10 s: a held-back presence change waits seconds, not a minute.
    presence: { points: Math.max(1, Math.ceil(r.presencePerMin / 6)), duration: 10 },
    reaction: { points: r.reactionsPerMin, duration: 60 },
    edit: { points: r.editsPerMin, duration: 60 },
    receipt: { points: r.receiptsPerMin, duration: 60 },
  };
  const limiters = Object.fromEntries(
    Object.entries(specs).map(([kind, spec]) => [
      kind,
      redis && !LOCAL_ONLY.has(kind as LimitKind)
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `samvad:rl:${kind}`,
            ...spec,
            insuranceLimiter: new RateLimiterMemory(spec),
          })
        : new RateLimiterMemory(spec),
    ]),
  ) as unknown as Record<LimitKind, RateLimiterAbstract>;

  return {
    async consume(kind, key) {
      try {
        await limiters[kind].consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext);
        throw error;
      }
    },
    async tryConsume(kind, key) {
      try {
        await limiters[kind].consume(key);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
    async reset(kind, key) {
      await limiters[kind].delete(key);
    },
    async requireNotExhausted(kind, key) {
      const used = await limiters[kind].get(key);
      if (used && used.consumedPoints >= specs[kind].points) throw rateLimited(used.msBeforeNext);
    },
  };
}
