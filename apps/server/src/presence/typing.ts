/**
 * Typing indicators (spec §1.3, CONTRACT §6): `userTyping` when someone starts, `userStoppedTyping`
 * when they stop, send a message, disconnect, or 5 s pass without another `typing` event.
 * Events go to the chat's other members only (not the typist's own tabs).
 */
import { TYPING_TIMEOUT_MS } from '@samvad/protocol';
import type { IoServer } from '../context.js';
import { emitTyping } from '../realtime/emit.js';

export interface TypingTracker {
  start(chatId: string, user: { id: string; name: string }): void;
  stop(chatId: string, userId: string): void;
  /** Stops every indicator of this user (their last socket went away). */
  stopAll(userId: string): void;
  close(): void;
}

export function createTypingTracker(io: IoServer, timeoutMs = TYPING_TIMEOUT_MS): TypingTracker {
  const active = new Map<string, { timer: NodeJS.Timeout; chatId: string; userId: string; userName: string }>();
  const key = (chatId: string, userId: string) => `${chatId}|${userId}`;

  const stop = (chatId: string, userId: string) => {
    const entry = active.get(key(chatId, userId));
    if (!entry) return;
    clearTimeout(entry.timer);
    active.delete(key(chatId, userId));
    emitTyping(io, chatId, { id: userId, name: entry.userName }, false);
  };

  return {
    start(chatId, user) {
      const k = key(chatId, user.id);
      const existing = active.get(k);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => stop(chatId, user.id), timeoutMs);
      timer.unref();
      active.set(k, { timer, chatId, userId: user.id, userName: user.name });
      if (!existing) emitTyping(io, chatId, user, true);
    },
    stop,
    stopAll(userId) {
      for (const entry of [...active.values()]) if (entry.userId === userId) stop(entry.chatId, userId);
    },
    close() {
      for (const entry of active.values()) clearTimeout(entry.timer);
      active.clear();
    },
  };
}
