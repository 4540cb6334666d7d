'use client';
/**
 * Recording in the composer. On a phone: press and hold the mic, release to send, slide left to
 * cancel, slide up to lock for hands-free. With a mouse or the keyboard: click to start; then
 * cancel, stop to listen first, or send. A timer and a live level meter show while recording.
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { formatDuration, MAX_VOICE_DURATION_MS } from '@samvad/protocol';
import type { VoiceRecording } from '@/lib/voice-recordings';
import { LockIcon, MicIcon, PauseIcon, PlayIcon, SendIcon, StopIcon, TrashIcon } from '../ui/icons';
import { playback, usePlayback, type Playable } from './playback';
import { canRecordVoice, useVoiceRecorder } from './use-voice-recorder';
import { formatClock, Waveform } from './waveform';

/** Shorter than this is a tap, not a recording. */
const MIN_RECORDING_MS = 700;
const SLIDE_TO_CANCEL_PX = 90;
const SLIDE_TO_LOCK_PX = 70;

type Mode = 'idle' | 'holding' | 'locked' | 'preview';

export function useVoiceComposer(send: (recording: VoiceRecording) => void) {
  const [mode, setModeState] = useState<Mode>('idle');
  // The pointer handlers read the mode from here: a release can come before React has rendered a lock.
  const modeRef = useRef<Mode>('idle');
  const setMode = (next: Mode) => {
    modeRef.current = next;
    setModeState(next);
  };
  /** A finger still holds the mic (also once locked): the mic stays in place until it lets go. */
  const [isHeld, setIsHeld] = useState(false);
  const [preview, setPreview] = useState<VoiceRecording | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [slide, setSlide] = useState({ x: 0, y: 0 });
  const holdStart = useRef<{ x: number; y: number } | null>(null);
  /** A touch's press already started (and its release ended) the recording; the click after it is not a second start. */
  const pressedByTouch = useRef(false);
  const recorder = useVoiceRecorder({
    // At 5 minutes the recording stops; what was recorded waits in the preview.
    onLimitReached: (recording) => {
      setPreview(recording);
      setMode('preview');
      setHint(`Voice messages can be at most ${MAX_VOICE_DURATION_MS / 60_000} minutes`);
    },
  });
  const { state } = recorder;
  const elapsedMs = useElapsed(state.phase === 'recording' ? state.startedAt : null);

  const reset = () => {
    setMode('idle');
    setPreview(null);
    setSlide({ x: 0, y: 0 });
    holdStart.current = null;
  };
  const cancel = () => {
    recorder.cancel();
    if (preview) playback.stop(previewId(preview));
    reset();
  };
  const finish = async (then: 'send' | 'preview') => {
    const recording = preview ?? (await recorder.stop());
    if (!recording || recording.durationMs < MIN_RECORDING_MS) {
      setHint('Hold the mic to record, release to send');
      return reset();
    }
    if (then === 'preview') {
      setPreview(recording);
      setMode('preview');
      return;
    }
    playback.stop(previewId(recording));
    reset();
    send(recording);
  };

  const micHandlers = {
    onPointerDown(e: PointerEvent<HTMLButtonElement>) {
      pressedByTouch.current = e.pointerType === 'touch';
      if (e.pointerType !== 'touch' || modeRef.current !== 'idle') return;
      e.currentTarget.setPointerCapture(e.pointerId);
      holdStart.current = { x: e.clientX, y: e.clientY };
      setIsHeld(true);
      setHint(null);
      setMode('holding');
      void recorder.start();
    },
    onPointerMove(e: PointerEvent<HTMLButtonElement>) {
      const start = holdStart.current;
      if (modeRef.current !== 'holding' || !start) return;
      const x = Math.min(0, e.clientX - start.x);
      const y = Math.min(0, e.clientY - start.y);
      if (-x > SLIDE_TO_CANCEL_PX) return cancel();
      if (-y > SLIDE_TO_LOCK_PX) {
        holdStart.current = null;
        setSlide({ x: 0, y: 0 });
        return setMode('locked');
      }
      setSlide({ x, y });
    },
    onPointerUp() {
      setIsHeld(false);
      if (modeRef.current === 'holding') void finish('send');
    },
    onPointerCancel() {
      setIsHeld(false);
      if (modeRef.current === 'holding') cancel();
    },
    onClick() {
      // Touch records while held (above); a click (mouse, keyboard) starts hands-free recording.
      if (pressedByTouch.current) {
        pressedByTouch.current = false;
        return;
      }
      if (modeRef.current !== 'idle') return;
      setHint(null);
      setMode('locked');
      void recorder.start();
    },
  };

  // Escape throws a recording (or the one waiting to be sent) away.
  const cancelRef = useRef(cancel);
  cancelRef.current = cancel;
  useEffect(() => {
    if (mode === 'idle') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [mode]);

  // The microphone could not be opened: say why, and stand down.
  useEffect(() => {
    if (state.phase !== 'error') return;
    setHint(state.message);
    reset();
    recorder.clearError();
  }, [state, recorder]);

  return {
    mode,
    isHeld,
    preview,
    hint,
    slide,
    level: recorder.level,
    elapsedMs,
    isStarting: state.phase === 'starting',
    micHandlers,
    cancel,
    finish,
  };
}

export type VoiceComposer = ReturnType<typeof useVoiceComposer>;

function useElapsed(startedAt: number | null): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (startedAt === null) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, now - startedAt);
}

const previewIds = new WeakMap<VoiceRecording, string>();
function previewId(recording: VoiceRecording): string {
  let id = previewIds.get(recording);
  if (!id) previewIds.set(recording, (id = `preview:${crypto.randomUUID()}`));
  return id;
}

/** The mic where Send is when there is nothing to send; held on a phone, clicked elsewhere. */
export function MicButton({ voice, disabled }: { voice: VoiceComposer; disabled: boolean }) {
  if (!canRecordVoice()) return null;
  const isHolding = voice.mode === 'holding';
  return (
    <div className="relative shrink-0">
      {isHolding && (
        // Above the finger: where sliding up locks the recording.
        <span className="absolute right-0 bottom-full mb-5 flex items-center gap-1 rounded-full bg-white px-3 py-1.5 text-xs whitespace-nowrap text-slate-600 shadow-md select-none dark:bg-slate-800 dark:text-slate-300">
          <LockIcon width={14} height={14} /> Slide up to lock
        </span>
      )}
      <button
        type="button"
        aria-label="Record voice message"
        title="Record voice message (hold on a phone)"
        disabled={disabled}
        {...voice.micHandlers}
        onContextMenu={(e) => e.preventDefault()}
        style={isHolding ? { transform: `translate(${voice.slide.x}px, ${voice.slide.y}px) scale(1.25)` } : undefined}
        className={`touch-none rounded-full p-2.5 text-white select-none disabled:opacity-40 ${isHolding ? 'bg-red-600' : 'bg-emerald-700 hover:bg-emerald-800'}`}
      >
        <MicIcon />
      </button>
    </div>
  );
}

/** Live level bars: the last couple of seconds, newest on the right. */
function LevelMeter({ level }: { level: number }) {
  const [history, setHistory] = useState<number[]>(() => Array<number>(160).fill(0));
  useEffect(() => setHistory((h) => [...h.slice(1), level]), [level]);
  return (
    <div className="flex h-6 min-w-0 flex-1 items-center justify-end gap-[2px] overflow-hidden" aria-hidden data-level-meter>
      {history.map((l, i) => (
        <span key={i} className="w-[3px] shrink-0 rounded-full bg-red-500/80 dark:bg-red-400" style={{ height: `${Math.max(10, l)}%` }} />
      ))}
    </div>
  );
}

/** Takes the composer's row while recording or listening back; the right-hand button stays the composer's. */
export function VoiceRecordingBar({ voice }: { voice: VoiceComposer }) {
  const iconButton = 'shrink-0 rounded-full p-2 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800';
  if (voice.mode === 'preview' && voice.preview) {
    return (
      <div className="flex min-w-0 flex-1 items-center gap-1" role="group" aria-label="Voice message to send">
        <button type="button" aria-label="Discard voice message" title="Discard" onClick={voice.cancel} className={iconButton}>
          <TrashIcon />
        </button>
        <PreviewPlayer recording={voice.preview} />
      </div>
    );
  }
  return (
    <div className="flex min-w-0 flex-1 items-center gap-2" role="group" aria-label="Recording a voice message">
      {voice.mode === 'locked' ? (
        <button type="button" aria-label="Cancel recording" title="Cancel" onClick={voice.cancel} className={iconButton}>
          <TrashIcon />
        </button>
      ) : (
        <span className="shrink-0 pl-2 text-sm text-slate-500 select-none" style={{ opacity: 1 + voice.slide.x / 120 }}>
          ‹ Slide to cancel
        </span>
      )}
      <span className="flex shrink-0 items-center gap-1.5 text-sm font-medium tabular-nums" role="timer" aria-label="Recording time">
        <span className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-600 dark:bg-red-400" aria-hidden />
        {voice.isStarting ? 'Starting…' : formatClock(voice.elapsedMs)}
      </span>
      <LevelMeter level={voice.level} />
      {voice.mode === 'locked' && (
        <button
          type="button"
          aria-label="Stop and listen"
          title="Stop and listen"
          onClick={() => void voice.finish('preview')}
          className="shrink-0 rounded-full border-2 border-red-600 p-1.5 text-red-600 hover:bg-red-50 dark:border-red-400 dark:text-red-400 dark:hover:bg-red-950"
        >
          <StopIcon width={16} height={16} />
        </button>
      )}
    </div>
  );
}

function PreviewPlayer({ recording }: { recording: VoiceRecording }) {
  const state = usePlayback();
  const id = previewId(recording);
  const item: Playable = { id, durationMs: recording.durationMs, load: () => Promise.resolve(recording.blob) };
  const isCurrent = state.id === id;
  const isPlaying = isCurrent && state.isPlaying;
  const positionMs = isCurrent ? state.positionMs : 0;
  return (
    <div className="flex min-w-0 flex-1 items-center gap-2 rounded-full bg-white px-1.5 py-1 dark:bg-slate-800">
      <button
        type="button"
        aria-label={isPlaying ? 'Pause' : 'Listen'}
        onClick={() => playback.toggle(item)}
        className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-emerald-700 text-white hover:bg-emerald-800 dark:bg-emerald-500 dark:hover:bg-emerald-400"
      >
        {isPlaying ? <PauseIcon width={16} height={16} /> : <PlayIcon width={16} height={16} />}
      </button>
      {/* As wide as a bubble's waveform at most: on a desktop the bars do not spread over the whole row. */}
      <div className="flex max-w-sm min-w-0 flex-1">
        <Waveform
          levels={recording.waveform}
          durationMs={recording.durationMs}
          positionMs={positionMs}
          onSeek={(fraction) => playback.seek(item, fraction)}
          label="Position in the recording"
          playedClass="bg-emerald-700 dark:bg-emerald-300"
          restClass="bg-slate-400 dark:bg-slate-500"
        />
      </div>
      <span className="shrink-0 pr-2 text-xs text-slate-600 tabular-nums dark:text-slate-300">
        {isCurrent && positionMs > 0 ? formatClock(positionMs) : formatDuration(recording.durationMs)}
      </span>
    </div>
  );
}

/** The composer's right-hand button while a recording is under way or waiting: send it. */
export function SendVoiceButton({ voice }: { voice: VoiceComposer }) {
  return (
    <button
      type="button"
      aria-label="Send voice message"
      title="Send"
      // The mic that was clicked is gone: a keyboard user lands on what comes next.
      autoFocus
      onClick={() => void voice.finish('send')}
      className="rounded-full bg-emerald-700 p-2.5 text-white hover:bg-emerald-800"
    >
      <SendIcon />
    </button>
  );
}
