/**
 * Voice message playback for the whole app: one audio element, so one message plays at a time;
 * when a message ends, the next voice message of the chat (as loaded) plays after it, as in
 * WhatsApp. The speed (1×, 1.5×, 2×) is one setting for every message and is remembered.
 */
import { useSyncExternalStore } from 'react';

export interface PlaybackState {
  /** The message playing or paused; null when nothing was started. */
  id: string | null;
  isPlaying: boolean;
  isLoading: boolean;
  positionMs: number;
  rate: number;
  error: string | null;
}

export interface Playable {
  id: string;
  durationMs: number;
  /** The bytes to play; fetched the first time and kept for a while (see `sources`). */
  load(): Promise<Blob>;
  /** The voice message to play when this one ends, if any. */
  next?(): Playable | null;
}

export const PLAYBACK_RATES = [1, 1.5, 2] as const;
const RATE_KEY = 'samvad.voiceRate';

const storedRate = () => {
  const stored = typeof window === 'undefined' ? 1 : Number(window.localStorage.getItem(RATE_KEY));
  return (PLAYBACK_RATES as readonly number[]).includes(stored) ? stored : 1;
};

let state: PlaybackState = { id: null, isPlaying: false, isLoading: false, positionMs: 0, rate: storedRate(), error: null };
const listeners = new Set<() => void>();
let element: HTMLAudioElement | null = null;
let current: Playable | null = null;
let frame = 0;

function update(patch: Partial<PlaybackState>) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** Object URLs of the last few messages played (a replay or seek does not fetch again). */
const sources = new Map<string, Promise<string>>();
const KEEP_SOURCES = 12;
function sourceFor(item: Playable): Promise<string> {
  let source = sources.get(item.id);
  if (!source) {
    source = item.load().then((blob) => URL.createObjectURL(blob));
    source.catch(() => sources.delete(item.id));
    sources.set(item.id, source);
    if (sources.size > KEEP_SOURCES) {
      const [oldestId, oldest] = sources.entries().next().value!;
      sources.delete(oldestId);
      void oldest.then(
        (url) => URL.revokeObjectURL(url),
        () => {},
      );
    }
  }
  return source;
}

function audio(): HTMLAudioElement {
  if (element) return element;
  element = new Audio();
  element.preload = 'auto';
  element.addEventListener('playing', () => {
    update({ isPlaying: true, isLoading: false });
    tick();
  });
  element.addEventListener('pause', () => {
    cancelAnimationFrame(frame);
    update({ isPlaying: false, positionMs: element!.currentTime * 1000 });
  });
  element.addEventListener('ended', () => {
    const next = current?.next?.() ?? null;
    update({ isPlaying: false, positionMs: 0 });
    if (next) void play(next);
  });
  element.addEventListener('error', () => update({ isPlaying: false, isLoading: false, error: 'This voice message could not be played' }));
  return element;
}

/** Moves the progress smoothly while playing (timeupdate alone comes four times a second). */
function tick() {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => {
    if (!element || element.paused) return;
    update({ positionMs: element.currentTime * 1000 });
    tick();
  });
}

async function play(item: Playable, fromMs?: number) {
  const el = audio();
  const isSame = current?.id === item.id;
  current = item;
  if (!isSame) {
    el.pause();
    update({ id: item.id, isLoading: true, positionMs: fromMs ?? 0, error: null });
    try {
      const url = await sourceFor(item);
      if (current !== item) return; // another message was started meanwhile
      el.src = url;
    } catch {
      if (current === item) update({ isLoading: false, error: 'This voice message could not be loaded' });
      return;
    }
  }
  if (fromMs !== undefined) el.currentTime = fromMs / 1000;
  else if (!isSame) el.currentTime = 0;
  el.playbackRate = state.rate;
  el.play().catch(() => update({ isLoading: false, isPlaying: false }));
}

export const playback = {
  toggle(item: Playable) {
    if (state.id === item.id && state.isPlaying) audio().pause();
    else void play(item, state.id === item.id ? state.positionMs : undefined);
  },
  /** Jumps to a point (a fraction of the length); a message that is not playing keeps the point for its start. */
  seek(item: Playable, fraction: number) {
    const positionMs = Math.max(0, Math.min(1, fraction)) * item.durationMs;
    if (state.id === item.id && element) {
      element.currentTime = positionMs / 1000;
      update({ positionMs });
    } else {
      current = null;
      element?.pause();
      update({ id: item.id, positionMs, isPlaying: false, isLoading: false, error: null });
    }
  },
  cycleRate() {
    const rate = PLAYBACK_RATES[(PLAYBACK_RATES.indexOf(state.rate as (typeof PLAYBACK_RATES)[number]) + 1) % PLAYBACK_RATES.length]!;
    window.localStorage.setItem(RATE_KEY, String(rate));
    if (element) element.playbackRate = rate;
    update({ rate });
  },
  /** Stops whatever plays (sign-out, a discarded preview). */
  stop(id?: string) {
    if (id !== undefined && state.id !== id) return;
    element?.pause();
    current = null;
    update({ id: null, isPlaying: false, isLoading: false, positionMs: 0, error: null });
  },
};

export function usePlayback(): PlaybackState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => state,
  );
}
