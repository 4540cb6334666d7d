import { describe, expect, it } from 'vitest';
import { advanceWatermarks, statusFor } from './ticks';

describe('ticks', () => {
  const marks = { deliveredUpToSeq: 5, readUpToSeq: 3 };
  it('derives status from the watermarks', () => {
    expect(statusFor(2, 'SENT', marks)).toBe('READ');
    expect(statusFor(3, null, marks)).toBe('READ');
    expect(statusFor(4, 'SENT', marks)).toBe('DELIVERED');
    expect(statusFor(6, 'SENT', marks)).toBe('SENT');
  });
  it('never downgrades what the server said', () => {
    expect(statusFor(9, 'READ', marks)).toBe('READ');
    expect(statusFor(9, 'DELIVERED', marks)).toBe('DELIVERED');
  });
  it('advances watermarks monotonically, READ implying DELIVERED', () => {
    expect(advanceWatermarks(marks, 'READ', 7)).toEqual({ deliveredUpToSeq: 7, readUpToSeq: 7 });
    expect(advanceWatermarks(marks, 'DELIVERED', 4)).toEqual(marks);
    expect(advanceWatermarks(marks, 'DELIVERED', 8)).toEqual({ deliveredUpToSeq: 8, readUpToSeq: 3 });
  });
});
