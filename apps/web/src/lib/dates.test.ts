import { describe, expect, it } from 'vitest';
import { dayLabel, formatTime, needsDaySeparator, relativeTime } from './dates';

const now = new Date(2026, 10, 25, 15, 0);
const at = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).toISOString();

describe('dates', () => {
  it('formats 12-hour times', () => {
    expect(formatTime(at(25, 15, 5))).toBe('3:05 PM');
    expect(formatTime(at(25, 0, 30))).toBe('12:30 AM');
  });
  it('labels days', () => {
    expect(dayLabel(at(25, 1), now)).toBe('Today');
    expect(dayLabel(at(24, 23), now)).toBe('Yesterday');
    expect(dayLabel(at(22, 10), now)).toBe('Sunday');
    expect(dayLabel(at(1, 10), now)).toBe('1 November 2026');
  });
  it('puts separators at day boundaries only', () => {
    expect(needsDaySeparator(null, at(25, 1))).toBe(true);
    expect(needsDaySeparator(at(25, 1), at(25, 23))).toBe(false);
    expect(needsDaySeparator(at(24, 23, 59), at(25, 0, 1))).toBe(true);
  });
  it('gives compact relative times', () => {
    expect(relativeTime(at(25, 14, 55), now)).toBe('5m');
    expect(relativeTime(at(25, 12), now)).toBe('3h');
    expect(relativeTime(at(24, 12), now)).toBe('Yesterday');
    expect(relativeTime(new Date(now.getTime() - 10_000).toISOString(), now)).toBe('now');
  });
});
