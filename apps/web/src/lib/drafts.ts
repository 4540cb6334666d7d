/**
 * Drafts: what the user left in a chat's composer (text, the message being replied to, an attached
 * context card), one per chat, kept in localStorage under the signed-in user so a reload or a switch
 * to another chat loses nothing. Cleared on sign-out (session-storage.ts).
 */
import type { Message } from '@samvad/protocol';
import type { KeyValueStorage } from './outbox';

export interface ChatDraft {
  text: string;
  replyTo: Message | null;
  context: Record<string, unknown> | null;
}

export type Drafts = Record<string, ChatDraft>;

const EMPTY_DRAFT: ChatDraft = { text: '', replyTo: null, context: null };

export const draftsKey = (userId: string) => `samvad.drafts.${userId}`;

export function loadDrafts(storage: KeyValueStorage, userId: string): Drafts {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(draftsKey(userId)) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Drafts) : {};
  } catch {
    return {};
  }
}

export function saveDrafts(storage: KeyValueStorage, userId: string, drafts: Drafts): void {
  storage.setItem(draftsKey(userId), JSON.stringify(drafts));
}

/** Nothing worth keeping: a draft of blank text, no reply and no card is removed. */
export function isEmptyDraft(draft: ChatDraft): boolean {
  return draft.text.trim() === '' && !draft.replyTo && !draft.context;
}

/** The drafts with one chat's draft changed; the same object when nothing changed (no needless save). */
export function withDraft(drafts: Drafts, chatId: string, patch: Partial<ChatDraft>): Drafts {
  const current: ChatDraft | undefined = drafts[chatId];
  const next: ChatDraft = { ...(current ?? EMPTY_DRAFT), ...patch };
  if (current && next.text === current.text && next.replyTo === current.replyTo && next.context === current.context) return drafts;
  const { [chatId]: _previous, ...others } = drafts;
  if (isEmptyDraft(next)) return current ? others : drafts;
  return { ...others, [chatId]: next };
}
