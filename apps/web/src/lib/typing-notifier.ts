/**
 * Throttles typing events (spec §5.5): `isTyping:true` at most every 2 s while keys are pressed,
 * `isTyping:false` 3 s after the last keystroke or at once when the message is sent.
 */
export const TYPING_REPEAT_MS = 2000;
export const TYPING_IDLE_MS = 3000;

export interface TypingNotifier {
  keystroke(): void;
  stop(): void;
}

export function createTypingNotifier(emit: (isTyping: boolean) => void, now: () => number = Date.now): TypingNotifier {
  let lastSent = -Infinity;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let isTyping = false;

  function stop() {
    clearTimeout(idleTimer);
    if (!isTyping) return;
    isTyping = false;
    lastSent = -Infinity;
    emit(false);
  }

  return {
    keystroke() {
      if (now() - lastSent >= TYPING_REPEAT_MS) {
        lastSent = now();
        isTyping = true;
        emit(true);
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}
