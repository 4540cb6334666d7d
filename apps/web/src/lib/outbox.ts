/**
 * The outbox: every message the user sends is written here first, so no text is lost to a
 * reload or a dropped connection. Entries leave only when the server acknowledges them (the
 * server dedupes by `clientId`, so resending is always safe) or when the user discards them.
 */
import type { Attachment, Message, MessageType, User } from '@samvad/protocol';

/** A recorded voice message: what the bubble shows before it is sent (its bytes: lib/voice-recordings.ts). */
export interface VoiceEntry {
  mimeType: string;
  durationMs: number;
  waveform: number[];
}

export interface OutboxEntry {
  clientId: string;
  chatId: string;
  content?: string;
  messageType?: Exclude<MessageType, 'SYSTEM'>;
  /** Set once uploaded; a voice message waits without it until the network lets it upload. */
  attachmentId?: string;
  voice?: VoiceEntry;
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

/** Errors that will not go away by retrying (a refused upload among them): the entry fails and waits for the user. */
export function isPermanentFailure(code: string): boolean {
  return ['VALIDATION', 'FORBIDDEN', 'NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'].includes(code);
}

/** A voice message was uploaded: it now carries the attachment, and the length and levels the server measured. */
export function markUploaded(entries: OutboxEntry[], clientId: string, attachment: Attachment): OutboxEntry[] {
  return entries.map((e) =>
    e.clientId === clientId && e.voice
      ? {
          ...e,
          attachmentId: attachment.attachmentId,
          voice: { ...e.voice, durationMs: attachment.durationMs ?? e.voice.durationMs, waveform: attachment.waveform ?? e.voice.waveform },
        }
      : e,
  );
}

/** Voice entries that are gone from the outbox (sent or discarded): their recordings can go too. */
export function removedVoiceEntries(before: OutboxEntry[], after: OutboxEntry[]): string[] {
  const remaining = new Set(after.map((e) => e.clientId));
  return before.filter((e) => e.voice && !remaining.has(e.clientId)).map((e) => e.clientId);
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
    mimeType: entry.voice?.mimeType ?? null,
    thumbnailUrl: null,
    width: null,
    height: null,
    durationMs: entry.voice?.durationMs ?? null,
    waveform: entry.voice?.waveform ?? null,
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
