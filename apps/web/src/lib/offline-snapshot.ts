/**
 * What the app shows when it opens with no network (issue 14): the chat list and the newest
 * messages of each chat as they were last seen, kept in IndexedDB per user. Written as the store
 * changes (at most every few seconds), read before the first answer from the server, and removed
 * on sign-out so the next person on the device sees nothing of it.
 */
import { clear, createStore, get, set } from 'idb-keyval';
import type { Chat, Message } from '@samvad/protocol';

export interface OfflineSnapshot {
  /** When it was taken (ISO): the app says "as of …". */
  savedAt: string;
  chats: Chat[];
  /** The newest messages of each chat that was opened, oldest first. */
  messages: Record<string, Message[]>;
}

/** Enough to read back a conversation's latest turn; the rest loads when online. */
export const MESSAGES_PER_CHAT = 30;
const MAX_CHATS = 200;

const database = () => createStore('samvad-offline', 'snapshots');

export async function loadSnapshot(userId: string): Promise<OfflineSnapshot | null> {
  if (typeof indexedDB === 'undefined') return null;
  return (await get<OfflineSnapshot>(userId, database())) ?? null;
}

export async function saveSnapshot(userId: string, chats: Chat[], messages: Record<string, Message[]>): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const kept = chats.slice(0, MAX_CHATS);
  const keptMessages: Record<string, Message[]> = {};
  for (const chat of kept) {
    const items = messages[chat.id]?.filter((m) => !m.id.startsWith('local:'));
    if (items?.length) keptMessages[chat.id] = items.slice(-MESSAGES_PER_CHAT);
  }
  const snapshot: OfflineSnapshot = { savedAt: new Date().toISOString(), chats: kept, messages: keptMessages };
  await set(userId, snapshot, database());
}

/** Every user's snapshot (sign-out, or the server refused the session). */
export async function clearSnapshots(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  await clear(database());
}
