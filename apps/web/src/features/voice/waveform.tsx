'use client';
/**
 * A voice message's waveform: its levels as bars, the played part coloured, and a slider to seek
 * with a finger, the mouse or the arrow keys (5 s a step).
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDuration } from '@samvad/protocol';

interface WaveformProps {
  levels: readonly number[];
  durationMs: number;
  positionMs: number;
  onSeek(fraction: number): void;
  label: string;
  /** Colours of the played and the unplayed bars. */
  playedClass: string;
  restClass: string;
}

const STEP_MS = 5000;

/** A running clock (recording time, the point reached): whole seconds passed, 0:00 at the start. */
export const formatClock = (ms: number) => formatDuration(Math.floor(ms / 1000) * 1000);

export function Waveform({ levels, durationMs, positionMs, onSeek, label, playedClass, restClass }: WaveformProps) {
  const track = useRef<HTMLDivElement>(null);
  const progress = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;
  const fractionAt = (e: PointerEvent) => {
    const box = track.current!.getBoundingClientRect();
    return (e.clientX - box.left) / box.width;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowUp'
        ? positionMs + STEP_MS
        : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
          ? positionMs - STEP_MS
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? durationMs
              : null;
    if (to === null) return;
    e.preventDefault();
    onSeek(Math.max(0, Math.min(durationMs, to)) / durationMs);
  };
  return (
    <div
      ref={track}
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.round(durationMs / 1000)}
      aria-valuenow={Math.round(positionMs / 1000)}
      aria-valuetext={`${formatDuration(positionMs)} of ${formatDuration(durationMs)}`}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        onSeek(fractionAt(e));
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) onSeek(fractionAt(e));
      }}
      className="flex h-8 min-w-0 flex-1 cursor-pointer touch-none items-center justify-between gap-px rounded outline-none focus-visible:ring-2 focus-visible:ring-emerald-600/60"
    >
      {levels.map((level, i) => (
        <span
          key={i}
          aria-hidden
          className={`max-w-[4px] min-w-[2px] flex-1 rounded-full ${(i + 0.5) / levels.length <= progress ? playedClass : restClass}`}
          style={{ height: `${Math.max(12, level)}%` }}
        />
      ))}
    </div>
  );
}
