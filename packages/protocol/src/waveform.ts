/** A voice message's waveform (CONTRACT §4 additions): WAVEFORM_BARS levels 0–100, shared by the recorder and the server. */
import { WAVEFORM_BARS } from './limits.js';

/** Any number of levels brought to WAVEFORM_BARS, each bar the loudest level of its stretch (as a meter shows it). */
export function toWaveformBars(levels: readonly number[]): number[] {
  if (levels.length === 0) return Array<number>(WAVEFORM_BARS).fill(0);
  return Array.from({ length: WAVEFORM_BARS }, (_, bar) => {
    const from = Math.floor((bar * levels.length) / WAVEFORM_BARS);
    const to = Math.max(from + 1, Math.floor(((bar + 1) * levels.length) / WAVEFORM_BARS));
    return Math.max(...levels.slice(from, to));
  });
}

/** Scaled so the loudest is 100 (all zero stays zero). */
export function scaleToPeak(values: readonly number[]): number[] {
  const peak = Math.max(0, ...values);
  return values.map((v) => (peak > 0 ? Math.round((100 * v) / peak) : 0));
}
