'use client';
/**
 * Tells screen readers about messages arriving in the open chat, in a polite live region. Only
 * arrivals at the newest end: not the history shown on open, not older pages loaded above, not the
 * pages loaded below after a jump (the window had newer messages then), and not my own sends.
 */
import { useEffect, useRef, useState } from 'react';
import { previewText } from '@/lib/messages';
import { useChatState } from '../chat-state/chat-context';

export function NewMessageAnnouncer({ chatId }: { chatId: string }) {
  const meId = useChatState((s) => s.me.id);
  const window = useChatState((s) => s.windows[chatId]);
  const [announcement, setAnnouncement] = useState('');
  const shown = useRef<{ newestSeq: number; hasNewer: boolean } | null>(null);

  useEffect(() => {
    const newest = window?.items.at(-1);
    if (!window || !newest) return;
    const previous = shown.current;
    shown.current = { newestSeq: newest.seq, hasNewer: window.hasNewer };
    if (!previous || previous.hasNewer || window.hasNewer) return;
    const arrived = window.items.filter((m) => m.seq > previous.newestSeq && m.sender.id !== meId);
    if (arrived.length > 0) setAnnouncement(arrived.map((m) => `${m.sender.name}: ${previewText(m)}`).join('. '));
  }, [window, meId]);

  return (
    <div aria-live="polite" data-testid="message-announcer" className="sr-only">
      {announcement}
    </div>
  );
}
