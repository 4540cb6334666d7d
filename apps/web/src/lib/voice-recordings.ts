/**
 * Recorded voice messages waiting to be uploaded (issue 14: recorded offline, sent on reconnect).
 * The outbox entry (localStorage) says what the recording is; its bytes live here — in memory and
 * in IndexedDB, so a reload keeps them — keyed by the entry's clientId until the server has them.
 */
import { createStore, del, get, set } from 'idb-keyval';

/** What the recorder hands over: the bytes and what the bubble shows before the server has measured them. */
export interface VoiceRecording {
  blob: Blob;
  mimeType: string;
  durationMs: number;
  waveform: number[];
}

const database = () => createStore('samvad-voice', 'recordings');
const inMemory = new Map<string, Blob>();
const hasIndexedDb = () => typeof indexedDB !== 'undefined';

export async function saveRecording(clientId: string, blob: Blob): Promise<void> {
  inMemory.set(clientId, blob);
  // Without IndexedDB (some private modes) the recording still goes, unless the page is reloaded first.
  if (hasIndexedDb()) await set(clientId, blob, database()).catch(() => {});
}

export async function loadRecording(clientId: string): Promise<Blob | undefined> {
  return inMemory.get(clientId) ?? (hasIndexedDb() ? await get<Blob>(clientId, database()).catch(() => undefined) : undefined);
}

export async function forgetRecording(clientId: string): Promise<void> {
  inMemory.delete(clientId);
  if (hasIndexedDb()) await del(clientId, database()).catch(() => {});
}
