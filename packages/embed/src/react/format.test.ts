import { describe, expect, it } from 'vitest';
import { formatBadge, initials, previewText, relativeTime } from './format.js';

describe('widget formatting', () => {
  it('caps the badge at 99+', () => {
    expect(formatBadge(1)).toBe('1');
    expect(formatBadge(99)).toBe('99');
    expect(formatBadge(100)).toBe('99+');
  });

  it('previews what a message is when it has no text', () => {
    const base = { isDeleted: false, content: null, fileName: null };
    expect(previewText({ ...base, messageType: 'TEXT', content: 'Hello' })).toBe('Hello');
    expect(previewText({ ...base, messageType: 'IMAGE' })).toBe('📷 Photo');
    expect(previewText({ ...base, messageType: 'FILE', fileName: 'report.pdf' })).toBe('📄 report.pdf');
    expect(previewText({ ...base, messageType: 'AUDIO' })).toBe('🎤 Voice message');
    expect(previewText({ ...base, messageType: 'AUDIO', durationMs: 12_400 })).toBe('🎤 Voice message 0:12');
    expect(previewText({ ...base, messageType: 'AUDIO', durationMs: 95_000 })).toBe('🎤 Voice message 1:35');
    expect(previewText({ ...base, messageType: 'TEXT', content: 'gone', isDeleted: true })).toBe('This message was deleted');
  });

  it('says how long ago, briefly', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(relativeTime('2026-11-30T11:59:40Z', now)).toBe('now');
    expect(relativeTime('2026-11-30T11:55:00Z', now)).toBe('5 min');
    expect(relativeTime('2026-11-30T09:00:00Z', now)).toBe('3 h');
  });

  it('makes avatar initials', () => {
    expect(initials('Asha Deshmukh')).toBe('AD');
    expect(initials('kavya')).toBe('K');
    expect(initials('  ')).toBe('?');
  });
});
