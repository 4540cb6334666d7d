import { describe, expect, it } from 'vitest';
import {
  addEntry,
  dropAcknowledged,
  loadOutbox,
  markFailed,
  markPending,
  markUploaded,
  removedVoiceEntries,
  toOptimisticMessage,
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

describe('voice messages in the outbox', () => {
  const voice = (clientId: string): OutboxEntry => ({
    ...entry(clientId, '2026-01-01T00:00:00Z'),
    content: undefined,
    messageType: 'AUDIO',
    voice: { mimeType: 'audio/webm', durationMs: 2400, waveform: [1, 2, 3] },
  });

  it('shows a recording as a voice message before it is sent, with what the recorder measured', () => {
    const me = { id: 'u1', name: 'Priya', email: null, role: 'EMPLOYEE', avatarUrl: null, isActive: true } as const;
    expect(toOptimisticMessage(voice('v'), me, 10)).toMatchObject({
      messageType: 'AUDIO',
      durationMs: 2400,
      waveform: [1, 2, 3],
      mimeType: 'audio/webm',
    });
  });

  it('takes the attachment and the server’s measures once uploaded', () => {
    const attachment = {
      attachmentId: 'att-1',
      fileUrl: '/api/files/att-1',
      fileName: 'v.webm',
      fileSize: 10,
      mimeType: 'audio/webm',
      thumbnailUrl: null,
      width: null,
      height: null,
      durationMs: 2300,
      waveform: [9, 9],
    };
    const [uploaded, other] = markUploaded([voice('v'), voice('w')], 'v', attachment);
    expect(uploaded).toMatchObject({ attachmentId: 'att-1', voice: { durationMs: 2300, waveform: [9, 9] } });
    expect(other!.attachmentId).toBeUndefined();
  });

  it('names the recordings that can be forgotten: voice entries that left the outbox', () => {
    const before = [voice('sent'), voice('waiting'), entry('text', '2026-01-01T00:00:00Z')];
    expect(removedVoiceEntries(before, [before[1]!])).toEqual(['sent']);
  });
});
