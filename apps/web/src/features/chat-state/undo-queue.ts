/**
 * Writes the user can take back with "Undo" in a toast for a few seconds, and the app's toasts.
 * A write that only changes the user's own view and that the server cannot reverse (delete a message
 * for me, delete a one-on-one chat) is shown at once but sent only when its toast expires, so Undo
 * just puts the view back; it is sent at once (keepalive) when the page goes away. A write the server
 * can reverse (archive) is sent at once, and Undo sends the reverse.
 */
import { errorMessage } from '@/lib/api';
import type { Store } from '@/lib/store';
import type { ChatState, Toast } from './state';

export const UNDO_MS = 5_000;

export interface DelayedWrite {
  /** What the user sees at once. */
  apply(state: ChatState): ChatState;
  /** Undo, or the server refused: the view as it was. */
  revert(state: ChatState): ChatState;
  /** The server call; `keepalive` when the page is going away. */
  send(keepalive: boolean): Promise<void>;
  /** Said when the server call fails ("Could not delete the message"). */
  failure: string;
}

export interface UndoQueue {
  /** Applies `write` now, with an Undo toast; sends it when the toast expires. */
  delay(text: string, write: DelayedWrite): void;
  /** The write is done already; Undo runs `reverse`. */
  offerUndo(text: string, reverse: () => Promise<unknown>): void;
  /** A toast without Undo (an error, a notice). */
  notify(text: string): void;
  undo(toastId: string): void;
  dismiss(toastId: string): void;
  /** Sends every waiting write now: the page is being hidden or closed, or the user signs out. */
  flush(): void;
}

export function createUndoQueue(store: Store<ChatState>, delayMs = UNDO_MS): UndoQueue {
  const waiting = new Map<string, DelayedWrite>();
  const reversible = new Map<string, () => Promise<unknown>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const addToast = (toast: Toast, change: (s: ChatState) => ChatState = (s) => s) =>
    store.set((s) => ({ ...change(s), toasts: [...s.toasts.filter((t) => t.id !== toast.id), toast] }));
  const removeToast = (id: string, change: (s: ChatState) => ChatState = (s) => s) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    store.set((s) => {
      const next = change(s);
      return s.toasts.some((t) => t.id === id) ? { ...next, toasts: next.toasts.filter((t) => t.id !== id) } : next;
    });
  };
  const expire = (id: string, then: () => void) => timers.set(id, setTimeout(then, delayMs));

  function send(id: string, keepalive: boolean) {
    const write = waiting.get(id);
    if (!write) return;
    waiting.delete(id);
    removeToast(id);
    write.send(keepalive).catch((err: unknown) => {
      store.set(write.revert);
      notify(`${write.failure}: ${errorMessage(err)}`);
    });
  }

  function notify(text: string) {
    const id = crypto.randomUUID();
    addToast({ id, text, canUndo: false });
    expire(id, () => removeToast(id));
  }

  return {
    delay(text, write) {
      const id = crypto.randomUUID();
      waiting.set(id, write);
      addToast({ id, text, canUndo: true }, write.apply);
      expire(id, () => send(id, false));
    },
    offerUndo(text, reverse) {
      const id = crypto.randomUUID();
      reversible.set(id, reverse);
      addToast({ id, text, canUndo: true });
      expire(id, () => {
        reversible.delete(id);
        removeToast(id);
      });
    },
    notify,
    undo(id) {
      const write = waiting.get(id);
      const reverse = reversible.get(id);
      waiting.delete(id);
      reversible.delete(id);
      removeToast(id, write?.revert);
      reverse?.().catch((err: unknown) => notify(`Could not undo: ${errorMessage(err)}`));
    },
    dismiss(id) {
      // Dismissing a waiting write's toast sends it now: the user accepted it.
      if (waiting.has(id)) send(id, false);
      else {
        reversible.delete(id);
        removeToast(id);
      }
    },
    flush() {
      for (const id of [...waiting.keys()]) send(id, true);
    },
  };
}
