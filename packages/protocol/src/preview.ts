/** How a message reads in one line: chat list, notifications (in the page and Web Push), reply quotes. */
import type { Message } from './objects.js';

export function previewText(
  m: Pick<Message, 'isDeleted' | 'messageType' | 'content' | 'fileName'> & { durationMs?: number | null },
): string {
  if (m.isDeleted) return 'This message was deleted';
  if (m.messageType === 'IMAGE') return m.content ? `📷 ${m.content}` : '📷 Photo';
  if (m.messageType === 'FILE') return `📄 ${m.fileName ?? 'File'}`;
  if (m.messageType === 'AUDIO') return `🎤 Voice message${m.durationMs != null ? ` ${formatDuration(m.durationMs)}` : ''}`;
  return m.content ?? '';
}

/** A voice message's length as a clock shows it: 0:07, 1:30 (rounded to whole seconds, never 0:00 for a sound). */
export function formatDuration(ms: number): string {
  const seconds = ms > 0 ? Math.max(1, Math.round(ms / 1000)) : 0;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
