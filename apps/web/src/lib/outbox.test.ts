import { describe, expect, it } from 'vitest';
import {
  addEntry,
  dropAcknowledged,
  loadOutbox,
  markFailed,
  markPending,
  pendingEntries,
  removeEntry,
  saveOutbox,
  type KeyValueStorage,
  type OutboxEntry,
} from './outbox';

const memoryStorage = (): KeyValueStorage => {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};
const entry = (clientId: string, createdAt: string): OutboxEntry => ({
  clientId,
  chatId: 'c1',
  content: clientId,
  createdAt,
  state: 'pending',
});

describe('outbox', () => {
  it('persists per user and survives a reload', () => {
    const storage = memoryStorage();
    saveOutbox(storage, 'u1', [entry('a', '2026-01-01T00:00:00Z')]);
    expect(loadOutbox(storage, 'u1').map((e) => e.clientId)).toEqual(['a']);
    expect(loadOutbox(storage, 'u2')).toEqual([]);
  });
  it('tolerates corrupt storage', () => {
    const storage = memoryStorage();
    storage.setItem('samvad.outbox.u1', '{nope');
    expect(loadOutbox(storage, 'u1')).toEqual([]);
  });
  it('adds once, resends pending in order, keeps failed ones for the user', () => {
    let list = addEntry([], entry('b', '2026-01-01T00:00:02Z'));
    list = addEntry(list, entry('a', '2026-01-01T00:00:01Z'));
    list = addEntry(list, entry('a', '2026-01-01T00:00:01Z'));
    expect(list).toHaveLength(2);
    expect(pendingEntries(list).map((e) => e.clientId)).toEqual(['a', 'b']);
    list = markFailed(list, 'a', 'too long');
    expect(pendingEntries(list).map((e) => e.clientId)).toEqual(['b']);
    expect(list.find((e) => e.clientId === 'a')?.error).toBe('too long');
    list = markPending(list, 'a');
    expect(pendingEntries(list)).toHaveLength(2);
    expect(removeEntry(list, 'a').map((e) => e.clientId)).toEqual(['b']);
  });
  it('drops entries the server already acknowledged', () => {
    const list = [entry('a', '1'), entry('b', '2')];
    expect(dropAcknowledged(list, [{ clientId: 'b' }, { clientId: null }]).map((e) => e.clientId)).toEqual(['a']);
  });
});
