/**
 * Presence shared by every process through Redis (REDIS_URL). Same interface as the in-memory
 * tracker in presence.ts.
 *
 * Layout (all keys under the client's key prefix):
 * - `samvad:presence:u:<userId>`  hash `<nodeId>/<socketId>` → '1' (active) | '0' (said goOffline)
 * - `samvad:presence:nodes`        sorted set nodeId → lease expiry (ms, Redis clock)
 * - `samvad:presence:n:<nodeId>`   set of user ids that had a socket on that node (for reaping)
 *
 * Each process renews its lease every few seconds. A socket only counts while its process holds a
 * live lease, so the sockets of a crashed process stop counting once its lease runs out; the first
 * survivor to notice claims the dead node (ZREM is the claim) and announces who went offline.
 * Every state change runs as one Lua script, so two tabs on two processes connecting at the same
 * moment produce exactly one "came online".
 *
 * A Redis outage must not break sockets: failures are logged and read as "no change" / "nobody
 * online"; the web client refreshes presence from REST when the connection comes back.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Presence } from './presence.js';

const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Drops fields of dead nodes from one user's hash; returns whether an active socket remains. */
const ONLINE_FN = `
local function online(key, nodes, now, prune)
  local all = redis.call('HGETALL', key)
  local on = false
  for i = 1, #all, 2 do
    local node = string.match(all[i], '^([^/]+)/')
    local exp = redis.call('ZSCORE', nodes, node)
    if (not exp) or tonumber(exp) < now then
      if prune then redis.call('HDEL', key, all[i]) end
    elseif all[i + 1] == '1' then
      on = true
    end
  end
  return on
end`;

// KEYS: user hash, nodes zset, node-users set. ARGV: field, op ('connect'|'disconnect'|'active:1'|'active:0'), userId
const UPDATE = `${NOW}${ONLINE_FN}
local before = online(KEYS[1], KEYS[2], now, true)
local op = ARGV[2]
if op == 'connect' then
  redis.call('HSET', KEYS[1], ARGV[1], '1')
  redis.call('SADD', KEYS[3], ARGV[3])
elseif op == 'disconnect' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
  redis.call('HSET', KEYS[1], ARGV[1], string.sub(op, 8))
end
local after = online(KEYS[1], KEYS[2], now, false)
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return (before and 2 or 0) + (after and 1 or 0)`;

// KEYS: user hashes..., nodes zset (last). Returns 1/0 per user.
const ONLINE_MANY = `${NOW}${ONLINE_FN}
local nodes = KEYS[#KEYS]
local out = {}
for i = 1, #KEYS - 1 do out[i] = online(KEYS[i], nodes, now, false) and 1 or 0 end
return out`;

// KEYS: user hashes..., nodes zset (last). Returns 1/0 per user: any socket (active or not) on a live node.
const CONNECTED_MANY = `${NOW}
local nodes = KEYS[#KEYS]
local out = {}
for i = 1, #KEYS - 1 do
  out[i] = 0
  for _, f in ipairs(redis.call('HKEYS', KEYS[i])) do
    local exp = redis.call('ZSCORE', nodes, string.match(f, '^([^/]+)/'))
    if exp and tonumber(exp) >= now then out[i] = 1 break end
  end
end
return out`;

// KEYS: nodes zset. ARGV: nodeId, lease ms.
const HEARTBEAT = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return now`;

// KEYS: nodes zset. ARGV: key prefix. Claims every expired node and returns the users it left offline.
const REAP = `${NOW}${ONLINE_FN}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - 1)
local gone = {}
for _, node in ipairs(dead) do
  if redis.call('ZREM', KEYS[1], node) == 1 then
    local setKey = ARGV[1] .. 'samvad:presence:n:' .. node
    for _, userId in ipairs(redis.call('SMEMBERS', setKey)) do
      local key = ARGV[1] .. 'samvad:presence:u:' .. userId
      local all = redis.call('HGETALL', key)
      local hadActive = false
      for i = 1, #all, 2 do
        if string.sub(all[i], 1, #node + 1) == node .. '/' then
          if all[i + 1] == '1' then hadActive = true end
          redis.call('HDEL', key, all[i])
        end
      end
      if hadActive and not online(key, KEYS[1], now, true) then table.insert(gone, userId) end
      if redis.call('HLEN', key) == 0 then redis.call('DEL', key) end
    end
    redis.call('DEL', setKey)
  end
end
return gone`;

export interface RedisPresence extends Presence {
  readonly nodeId: string;
  /** Claims expired nodes; resolves with the users who thereby went offline everywhere. */
  reapDeadNodes(): Promise<string[]>;
  /** Stops the heartbeat and withdraws this process's sockets. */
  close(): Promise<void>;
}

export function createRedisPresence(
  redis: Redis,
  logger: Logger,
  options: { keyPrefix?: string; onUsersGone?: (userIds: string[]) => void } = {},
): RedisPresence {
  const nodeId = crypto.randomBytes(6).toString('hex');
  const keyPrefix = options.keyPrefix ?? '';
  const userKey = (userId: string) => `samvad:presence:u:${userId}`;
  const nodesKey = 'samvad:presence:nodes';
  const nodeUsersKey = (id: string) => `samvad:presence:n:${id}`;
  const field = (socketId: string) => `${nodeId}/${socketId}`;

  const run = async <T>(what: string, fallback: T, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      logger.warn({ err: error, what }, 'presence: redis unavailable, treating as no change');
      return fallback;
    }
  };
  const update = (userId: string, socketId: string, op: string) =>
    redis.eval(UPDATE, 3, userKey(userId), nodesKey, nodeUsersKey(nodeId), field(socketId), op, userId) as Promise<number>;

  const heartbeat = () => redis.eval(HEARTBEAT, 1, nodesKey, nodeId, String(LEASE_MS));
  const reap = async () => (await redis.eval(REAP, 1, nodesKey, keyPrefix)) as string[];

  // What this process holds, so it can write it back after Redis lost it (restart, outage, reaped lease).
  const local = new Map<string, Map<string, boolean>>();
  const remember = (userId: string, socketId: string, active: boolean | null) => {
    let mine = local.get(userId);
    if (active === null) {
      mine?.delete(socketId);
      if (mine && mine.size === 0) local.delete(userId);
      return;
    }
    if (!mine) local.set(userId, (mine = new Map()));
    mine.set(socketId, active);
  };
  const restore = async () => {
    await heartbeat();
    if (local.size === 0) return;
    const batch = redis.pipeline();
    for (const [userId, sockets] of local) {
      for (const [socketId, active] of sockets) batch.hset(userKey(userId), field(socketId), active ? '1' : '0');
      batch.sadd(nodeUsersKey(nodeId), userId);
    }
    await batch.exec();
  };
  // 'ready' fires on the first connection and after every reconnect.
  redis.on('ready', () => void restore().catch((error) => logger.warn({ err: error }, 'presence: restore failed')));

  let timer: NodeJS.Timeout | undefined = setInterval(() => {
    heartbeat()
      .then(reap)
      .then((gone) => {
        if (gone.length) options.onUsersGone?.(gone);
      })
      .catch((error) => logger.warn({ err: error }, 'presence: heartbeat failed'));
  }, HEARTBEAT_MS);
  timer.unref();
  if (redis.status === 'ready') heartbeat().catch((error) => logger.warn({ err: error }, 'presence: first heartbeat failed'));

  return {
    nodeId,
    async connect(userId, socketId) {
      return run('connect', false, async () => {
        remember(userId, socketId, true);
        const r = await update(userId, socketId, 'connect');
        return r === 1;
      });
    },
    async disconnect(userId, socketId) {
      remember(userId, socketId, null);
      return run('disconnect', false, async () => (await update(userId, socketId, 'disconnect')) === 2);
    },
    async setActive(userId, socketId, isActive) {
      if (local.get(userId)?.has(socketId)) remember(userId, socketId, isActive);
      return run('setActive', null, async () => {
        const r = await update(userId, socketId, isActive ? 'active:1' : 'active:0');
        if (r === 1) return 'online';
        if (r === 2) return 'offline';
        return null;
      });
    },
    async onlineAmong(userIds) {
      if (userIds.length === 0) return new Set<string>();
      return run('onlineAmong', new Set<string>(), async () => {
        const flags = (await redis.eval(ONLINE_MANY, userIds.length + 1, ...userIds.map(userKey), nodesKey)) as number[];
        return new Set(userIds.filter((_, i) => flags[i] === 1));
      });
    },
    async connectedAmong(userIds) {
      if (userIds.length === 0) return new Set<string>();
      // Redis down: nobody counts as connected, so Web Push still reaches people (a duplicate beats a miss).
      return run('connectedAmong', new Set<string>(), async () => {
        const flags = (await redis.eval(CONNECTED_MANY, userIds.length + 1, ...userIds.map(userKey), nodesKey)) as number[];
        return new Set(userIds.filter((_, i) => flags[i] === 1));
      });
    },
    reapDeadNodes: () => run('reap', [], reap),
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      local.clear();
      // Expire our lease now: whatever sockets we still had stop counting at once.
      await run('close', undefined, async () => {
        await redis.zadd(nodesKey, 0, nodeId);
        await reap();
      });
    },
  };
}
