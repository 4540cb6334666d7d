import { describe, expect, it } from 'vitest';
import { formatDuration, previewText } from './preview.js';

describe('previewText', () => {
  const base = { isDeleted: false, content: null, fileName: null } as const;
  it('names a voice message with its length, as chat lists, notifications and pushes show it', () => {
    expect(previewText({ ...base, messageType: 'AUDIO', durationMs: 12_400 })).toBe('🎤 Voice message 0:12');
    expect(previewText({ ...base, messageType: 'AUDIO', durationMs: null })).toBe('🎤 Voice message');
    expect(previewText({ ...base, messageType: 'AUDIO', durationMs: 3000, isDeleted: true })).toBe('This message was deleted');
  });
});

describe('formatDuration', () => {
  it('rounds to whole seconds, never shows a sound as 0:00, and counts minutes', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(300)).toBe('0:01');
    expect(formatDuration(59_600)).toBe('1:00');
    expect(formatDuration(5 * 60_000)).toBe('5:00');
    expect(formatDuration(125_000)).toBe('2:05');
  });
});
