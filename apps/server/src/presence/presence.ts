/**
 * Who is online. A user is online while at least one of their sockets is connected and has not
 * said `goOffline`. This in-memory tracker serves one process; presence/redis-presence.ts shares
 * the same state across processes when REDIS_URL is set.
 */
export interface Presence {
  /** Records a socket; true when the user just came online. */
  connect(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; true when the user just went offline. */
  disconnect(userId: string, socketId: string): Promise<boolean>;
  /** goOnline/goOffline on one socket; returns the change of the user's state, if any. */
  setActive(userId: string, socketId: string, isActive: boolean): Promise<'online' | 'offline' | null>;
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /** Who has any socket at all, active or not (Web Push goes only to people with none). */
  connectedAmong(userIds: readonly string[]): Promise<Set<string>>;
}

export function createMemoryPresence(): Presence {
  const sockets = new Map<string, Map<string, boolean>>(); // userId → socketId → active
  const isOnline = (userId: string) => [...(sockets.get(userId)?.values() ?? [])].some(Boolean);

  return {
    async connect(userId, socketId) {
      const before = isOnline(userId);
      let mine = sockets.get(userId);
      if (!mine) sockets.set(userId, (mine = new Map()));
      mine.set(socketId, true);
      return !before;
    },
    async disconnect(userId, socketId) {
      const before = isOnline(userId);
      const mine = sockets.get(userId);
      mine?.delete(socketId);
      if (mine && mine.size === 0) sockets.delete(userId);
      return before && !isOnline(userId);
    },
    async setActive(userId, socketId, isActive) {
      const mine = sockets.get(userId);
      if (!mine?.has(socketId)) return null;
      const before = isOnline(userId);
      mine.set(socketId, isActive);
      const after = isOnline(userId);
      if (before === after) return null;
      return after ? 'online' : 'offline';
    },
    async onlineAmong(userIds) {
      return new Set(userIds.filter(isOnline));
    },
    async connectedAmong(userIds) {
      return new Set(userIds.filter((userId) => sockets.has(userId)));
    },
  };
}
