/**
 * Typing indicators across processes (REDIS_URL). The state "user U is typing in chat C" lives in
 * one Redis key holding its deadline (Redis clock) and the typist's name, so:
 * - `userTyping` is emitted only by the call that created the key (a refresh from another tab on
 *   another process does not repeat it);
 * - `userStoppedTyping` is emitted only by the call that deletes the key: an explicit stop, a send,
 *   the typist's last socket going away, or the timer of the process that last refreshed it — that
 *   timer deletes the key only if its deadline has really passed, so a refresh made elsewhere wins
 *   and exactly one stop fires, 5 s after the last `typing` from any tab.
 * The key also carries a Redis TTL a little longer than the timeout: if the process holding the
 * last timer dies, the key disappears on its own and clients drop the indicator by their own timer.
 * Redis failures are logged; typing is best-effort and never fails a socket event.
 */
import { TYPING_TIMEOUT_MS } from '@samvad/protocol';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { IoServer } from '../context.js';
import { emitTyping } from '../realtime/emit.js';
import type { TypingTracker } from './typing.js';

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
// KEYS: typing key. ARGV: timeout ms, name. Returns 1 when the typist just started.
const START = `${NOW}
local existed = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], (now + tonumber(ARGV[1])) .. '|' .. ARGV[2], 'PX', tonumber(ARGV[1]) + 3000)
return existed == 1 and 0 or 1`;
// KEYS: typing key. ARGV: 'force' | 'expired'. Returns the name when this call ended the indicator.
const STOP = `${NOW}
local v = redis.call('GET', KEYS[1])
if not v then return false end
local sep = string.find(v, '|', 1, true)
local deadline = tonumber(string.sub(v, 1, sep - 1))
if ARGV[1] == 'expired' and deadline > now + 25 then return false end
redis.call('DEL', KEYS[1])
return string.sub(v, sep + 1)`;

export function createRedisTypingTracker(io: IoServer, redis: Redis, logger: Logger, timeoutMs = TYPING_TIMEOUT_MS): TypingTracker {
  const timers = new Map<string, { timer: NodeJS.Timeout; chatId: string; userId: string }>();
  const key = (chatId: string, userId: string) => `samvad:typing:${chatId}:${userId}`;
  const localKey = (chatId: string, userId: string) => `${chatId}|${userId}`;
  const failed = (error: unknown) => logger.warn({ err: error }, 'typing: redis unavailable');

  const clearLocal = (chatId: string, userId: string) => {
    const entry = timers.get(localKey(chatId, userId));
    if (entry) clearTimeout(entry.timer);
    timers.delete(localKey(chatId, userId));
  };
  const end = async (chatId: string, userId: string, mode: 'force' | 'expired') => {
    const name = (await redis.eval(STOP, 1, key(chatId, userId), mode)) as string | null;
    if (name !== null) emitTyping(io, chatId, { id: userId, name }, false);
  };
  // Only the process that holds the typist's timer asks Redis (every send calls stop(): no Redis
  // round trip per message). A stop from another tab on another process is covered by the timer.
  const stop = (chatId: string, userId: string) => {
    if (!timers.has(localKey(chatId, userId))) return;
    clearLocal(chatId, userId);
    end(chatId, userId, 'force').catch(failed);
  };

  return {
    start(chatId, user) {
      clearLocal(chatId, user.id);
      const timer = setTimeout(() => {
        timers.delete(localKey(chatId, user.id));
        end(chatId, user.id, 'expired').catch(failed);
      }, timeoutMs + 30);
      timer.unref();
      timers.set(localKey(chatId, user.id), { timer, chatId, userId: user.id });
      (redis.eval(START, 1, key(chatId, user.id), String(timeoutMs), user.name) as Promise<number>)
        .then((started) => {
          if (started === 1) emitTyping(io, chatId, user, true);
        })
        .catch(failed);
    },
    stop,
    stopAll(userId) {
      for (const entry of [...timers.values()]) if (entry.userId === userId) stop(entry.chatId, userId);
    },
    close() {
      for (const entry of timers.values()) clearTimeout(entry.timer);
      timers.clear();
    },
  };
}
