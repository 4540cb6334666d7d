import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@samvad/protocol';
import { createStore } from '@/lib/store';
import { hideMessages, unhideMessages } from './mutations';
import { initialState, type ChatState } from './state';
import { createUndoQueue, type DelayedWrite } from './undo-queue';

const me: User = { id: 'me', name: 'Me', email: 'me@x', role: 'EMPLOYEE', avatarUrl: null, isActive: true };

function setUp() {
  const store = createStore<ChatState>(initialState(me));
  const queue = createUndoQueue(store, 5000);
  const sent: boolean[] = [];
  const write = (result: Promise<void> = Promise.resolve()): DelayedWrite => ({
    apply: (s) => hideMessages(s, ['m1']),
    revert: (s) => unhideMessages(s, ['m1']),
    send: (keepalive) => {
      sent.push(keepalive);
      return result;
    },
    failure: 'Could not delete the message',
  });
  return { store, queue, sent, write };
}

describe('undo queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a delayed write at once and sends it when its toast expires', () => {
    const { store, queue, sent, write } = setUp();
    queue.delay('Message deleted', write());
    expect(store.get().hiddenMessageIds).toEqual({ m1: true });
    expect(store.get().toasts).toMatchObject([{ text: 'Message deleted', canUndo: true }]);
    vi.advanceTimersByTime(4999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([false]);
    expect(store.get().toasts).toEqual([]);
  });

  it('undo puts the view back and never sends', () => {
    const { store, queue, sent, write } = setUp();
    queue.delay('Message deleted', write());
    queue.undo(store.get().toasts[0]!.id);
    expect(store.get().hiddenMessageIds).toEqual({});
    expect(store.get().toasts).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([]);
  });

  it('flush sends every waiting write at once, with keepalive', () => {
    const { queue, sent, write } = setUp();
    queue.delay('Message deleted', write());
    queue.delay('Chat deleted', write());
    queue.flush();
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, true]);
  });

  it('puts the view back and says so when the server refuses', async () => {
    const { store, queue, write } = setUp();
    queue.delay('Message deleted', write(Promise.reject(new Error('Network error'))));
    vi.advanceTimersByTime(5000);
    await vi.waitFor(() =>
      expect(store.get().toasts).toMatchObject([{ text: 'Could not delete the message: Network error', canUndo: false }]),
    );
    expect(store.get().hiddenMessageIds).toEqual({});
  });

  it('undo of a done write runs its reverse', () => {
    const { store, queue } = setUp();
    const reverse = vi.fn(() => Promise.resolve());
    queue.offerUndo('Chat archived', reverse);
    queue.undo(store.get().toasts[0]!.id);
    expect(reverse).toHaveBeenCalledOnce();
    expect(store.get().toasts).toEqual([]);
  });
});
