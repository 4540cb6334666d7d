/** Small display helpers shared by the widgets. */
import type { SamvadMessage } from '../core/types.js';

/** The navbar badge: the count, "99+" above 99 (spec §7.1). */
export function formatBadge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** One line for a message: its text, or what it is when it has none. */
export function previewText(message: Pick<SamvadMessage, 'isDeleted' | 'messageType' | 'content' | 'fileName' | 'durationMs'>): string {
  if (message.isDeleted) return 'This message was deleted';
  if (message.messageType === 'IMAGE') return message.content ? `📷 ${message.content}` : '📷 Photo';
  if (message.messageType === 'FILE') return `📄 ${message.fileName ?? 'File'}`;
  if (message.messageType === 'AUDIO') {
    const seconds = message.durationMs ? Math.max(1, Math.round(message.durationMs / 1000)) : null;
    return seconds === null ? '🎤 Voice message' : `🎤 Voice message ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }
  return message.content ?? '';
}

/** "now", "5 min", "3 h", or the date: enough for a dashboard list. */
export function relativeTime(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h`;
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}
