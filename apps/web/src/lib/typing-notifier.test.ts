import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingNotifier } from './typing-notifier';

describe('typing notifier', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('throttles start events and stops 3 s after the last keystroke', () => {
    const events: boolean[] = [];
    const typing = createTypingNotifier(
      (v) => events.push(v),
      () => Date.now(),
    );
    typing.keystroke();
    vi.advanceTimersByTime(500);
    typing.keystroke();
    vi.advanceTimersByTime(1600);
    typing.keystroke(); // 2.1 s after the first: repeated
    expect(events).toEqual([true, true]);
    vi.advanceTimersByTime(2999);
    expect(events).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([true, true, false]);
  });

  it('stops at once on send, and only once', () => {
    const events: boolean[] = [];
    const typing = createTypingNotifier(
      (v) => events.push(v),
      () => Date.now(),
    );
    typing.keystroke();
    typing.stop();
    typing.stop();
    vi.advanceTimersByTime(5000);
    expect(events).toEqual([true, false]);
  });
});
