/** How a message reads in one line: chat list, notifications (in the page and Web Push), reply quotes. */
import type { Message } from './objects.js';

export function previewText(m: Pick<Message, 'isDeleted' | 'messageType' | 'content' | 'fileName'>): string {
  if (m.isDeleted) return 'This message was deleted';
  if (m.messageType === 'IMAGE') return m.content ? `📷 ${m.content}` : '📷 Photo';
  if (m.messageType === 'FILE') return `📄 ${m.fileName ?? 'File'}`;
  return m.content ?? '';
}
