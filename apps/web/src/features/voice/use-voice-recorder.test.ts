import { describe, expect, it } from 'vitest';
import { WAVEFORM_BARS } from '@samvad/protocol';
import { toWaveform } from './use-voice-recorder';

describe('toWaveform', () => {
  it('brings any number of levels to the bar count, each bar the loudest of its stretch, the loudest at 100', () => {
    const levels = Array.from({ length: 300 }, (_, i) => (i >= 100 && i < 200 ? 50 : 10));
    const bars = toWaveform(levels);
    expect(bars).toHaveLength(WAVEFORM_BARS);
    expect(Math.max(...bars)).toBe(100);
    expect(bars[0]).toBe(20);
    expect(bars.at(-1)).toBe(20);
  });

  it('spreads a short recording over the bars and keeps silence flat', () => {
    expect(toWaveform([30, 60])).toEqual(Array.from({ length: WAVEFORM_BARS }, (_, i) => (i < WAVEFORM_BARS / 2 ? 50 : 100)));
    expect(toWaveform([])).toEqual(Array(WAVEFORM_BARS).fill(0));
    expect(toWaveform([0, 0, 0])).toEqual(Array(WAVEFORM_BARS).fill(0));
  });
});
