/**
 * The outbox: every message the user sends is written here first, so no text is lost to a
 * reload or a dropped connection. Entries leave only when the server acknowledges them (the
 * server dedupes by `clientId`, so resending is always safe) or when the user discards them.
 */
import type { Message, MessageType, User } from '@samvad/protocol';

export interface OutboxEntry {
  clientId: string;
  chatId: string;
  content?: string;
  messageType?: Exclude<MessageType, 'SYSTEM'>;
  attachmentId?: string;
  replyToId?: string;
  context?: Record<string, unknown>;
  createdAt: string;
  state: 'pending' | 'failed';
  error?: string;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const keyFor = (userId: string) => `samvad.outbox.${userId}`;

export function loadOutbox(storage: KeyValueStorage, userId: string): OutboxEntry[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(keyFor(userId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(storage: KeyValueStorage, userId: string, entries: OutboxEntry[]): void {
  storage.setItem(keyFor(userId), JSON.stringify(entries));
}

export function addEntry(entries: OutboxEntry[], entry: OutboxEntry): OutboxEntry[] {
  return entries.some((e) => e.clientId === entry.clientId) ? entries : [...entries, entry];
}

export function removeEntry(entries: OutboxEntry[], clientId: string): OutboxEntry[] {
  return entries.filter((e) => e.clientId !== clientId);
}

export function markFailed(entries: OutboxEntry[], clientId: string, error: string): OutboxEntry[] {
  return entries.map((e) => (e.clientId === clientId ? { ...e, state: 'failed', error } : e));
}

export function markPending(entries: OutboxEntry[], clientId: string): OutboxEntry[] {
  return entries.map((e) => (e.clientId === clientId ? { ...e, state: 'pending', error: undefined } : e));
}

/** Entries to (re)send now, oldest first so a chat keeps its order. */
export function pendingEntries(entries: OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.state === 'pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Drops entries the server already has (seen via newMessage or sync with the same clientId). */
export function dropAcknowledged(entries: OutboxEntry[], messages: Pick<Message, 'clientId'>[]): OutboxEntry[] {
  const known = new Set(messages.map((m) => m.clientId).filter((id): id is string => id !== null));
  return known.size === 0 ? entries : entries.filter((e) => !known.has(e.clientId));
}

/** Errors that will not go away by retrying: the entry fails and waits for the user. */
export function isPermanentFailure(code: string): boolean {
  return code === 'VALIDATION' || code === 'FORBIDDEN' || code === 'NOT_FOUND';
}

/** An optimistic bubble for an entry not yet acknowledged; it sorts after every real message. */
export function toOptimisticMessage(entry: OutboxEntry, me: User, afterSeq: number): Message {
  return {
    id: `local:${entry.clientId}`,
    chatId: entry.chatId,
    seq: afterSeq + 0.5,
    clientId: entry.clientId,
    sender: { id: me.id, name: me.name, avatarUrl: me.avatarUrl },
    content: entry.content ?? null,
    messageType: entry.messageType ?? 'TEXT',
    fileUrl: null,
    fileName: null,
    fileSize: null,
    mimeType: null,
    thumbnailUrl: null,
    width: null,
    height: null,
    durationMs: null,
    waveform: null,
    replyTo: null,
    isForwarded: false,
    context: entry.context ?? null,
    mentions: [],
    reactions: [],
    status: null,
    isEdited: false,
    editedAt: null,
    isDeleted: false,
    deletedAt: null,
    createdAt: entry.createdAt,
  };
}
