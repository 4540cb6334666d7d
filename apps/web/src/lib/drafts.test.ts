import { describe, expect, it } from 'vitest';
import { loadDrafts, saveDrafts, withDraft, type Drafts } from './drafts';

const memory = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
};

describe('drafts', () => {
  it('keeps a draft per chat and drops it once emptied', () => {
    let drafts: Drafts = {};
    drafts = withDraft(drafts, 'a', { text: 'hello' });
    drafts = withDraft(drafts, 'b', { context: { type: 'visit', visitId: 'v1' } });
    expect(drafts).toEqual({
      a: { text: 'hello', replyTo: null, context: null },
      b: { text: '', replyTo: null, context: { type: 'visit', visitId: 'v1' } },
    });
    expect(withDraft(drafts, 'a', { text: 'hello' })).toBe(drafts);
    drafts = withDraft(drafts, 'a', { text: '  ' });
    drafts = withDraft(drafts, 'b', { context: null });
    expect(drafts).toEqual({});
  });

  it('is stored per user and survives a broken entry', () => {
    const storage = memory();
    saveDrafts(storage, 'u1', withDraft({}, 'a', { text: 'mine' }));
    expect(loadDrafts(storage, 'u1').a?.text).toBe('mine');
    expect(loadDrafts(storage, 'u2')).toEqual({});
    storage.setItem('samvad.drafts.u3', '{not json');
    expect(loadDrafts(storage, 'u3')).toEqual({});
  });
});
