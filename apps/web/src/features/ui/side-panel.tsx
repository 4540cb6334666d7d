'use client';
/**
 * The frame of a panel beside or in place of a list: a header with a close button, Escape to close,
 * the focus moved in on open and given back on close.
 *
 * `side` (group info, search in a chat): beside the conversation from 1100 px up; narrower, it lies
 * over the conversation instead of squeezing it (WhatsApp Web does the same), full width on a phone.
 * `fill`: takes the whole of its container (search across chats, in place of the chat list).
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { CloseIcon } from './icons';

const PLACEMENTS = {
  side: 'absolute inset-y-0 right-0 z-20 w-full shadow-xl sm:w-96 sm:border-l min-[1100px]:static min-[1100px]:w-80 min-[1100px]:shadow-none',
  fill: 'h-full w-full',
};

export function SidePanel({
  label,
  title,
  closeLabel,
  placement = 'side',
  initialFocus,
  onClose,
  children,
}: {
  label: string;
  title: string;
  closeLabel: string;
  placement?: keyof typeof PLACEMENTS;
  /** The element to focus on open (default: the close button). */
  initialFocus?: (panel: HTMLElement) => HTMLElement | null;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const initialFocusRef = useRef(initialFocus);

  useEffect(() => {
    const panel = ref.current!;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (initialFocusRef.current?.(panel) ?? panel.querySelector<HTMLElement>('button'))?.focus();
    // After the commit that removed the panel (and showed what it covered), so the opener can take the focus.
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    // Only keys pressed in the panel itself: a menu or dialog opened from it (a portal) handles its own Escape.
    if (e.key !== 'Escape' || e.defaultPrevented || !e.currentTarget.contains(e.target as Node)) return;
    e.preventDefault();
    onClose();
  };

  return (
    <>
      {placement === 'side' && (
        // Over the conversation, the part still showing is dimmed; a press there closes the panel.
        <div aria-hidden="true" onClick={onClose} className="absolute inset-0 z-10 bg-black/30 min-[1100px]:hidden" />
      )}
      <aside
        ref={ref}
        aria-label={label}
        onKeyDown={onKeyDown}
        className={`flex flex-col border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${PLACEMENTS[placement]}`}
      >
        <header className="flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 px-3 dark:border-slate-800">
          <button
            type="button"
            aria-label={closeLabel}
            title={closeLabel}
            onClick={onClose}
            className="rounded p-1 hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <CloseIcon />
          </button>
          <h2 className="font-semibold">{title}</h2>
        </header>
        {children}
      </aside>
    </>
  );
}
