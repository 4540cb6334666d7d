'use client';
/**
 * The one modal dialog primitive, used by every dialog, the confirmation and the image viewer. A
 * native <dialog> opened with showModal() in a portal at the body: the browser puts it in the top
 * layer above everything (no transformed or scrolling parent can clip it), makes the page behind it
 * inert (focus stays inside), and Escape asks it to close. It fills the screen; what is outside the
 * caller's content is its backdrop. Focus goes in on open and back to where it was on close.
 */
import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface DialogFrameProps {
  /** The accessible name, unless `labelledBy` names an element. */
  label?: string;
  labelledBy?: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  /** Escape, a backdrop press or the browser closing it. */
  onClose(): void;
  /** The element to focus on open (default: the first control). */
  initialFocus?(dialog: HTMLElement): HTMLElement | null | undefined;
  /** Where the focus goes on close (default: where it was when the dialog opened). */
  returnFocus?(): HTMLElement | null | undefined;
  /** The backdrop: the page dimmed behind a panel, or dark (a photo viewer). */
  backdrop?: keyof typeof BACKDROPS;
  onKeyDown?(e: KeyboardEvent<HTMLDialogElement>): void;
  children: ReactNode;
}

const BACKDROPS = { dim: 'bg-black/40 text-inherit', dark: 'bg-black text-white' };

export function DialogFrame({
  label,
  labelledBy,
  describedBy,
  role,
  onClose,
  initialFocus,
  returnFocus,
  backdrop = 'dim',
  onKeyDown,
  children,
}: DialogFrameProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const callbacks = useRef({ onClose, initialFocus, returnFocus });
  useLayoutEffect(() => {
    callbacks.current = { onClose, initialFocus, returnFocus };
  });

  useLayoutEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = callbacks.current.initialFocus?.(dialog) ?? dialog.querySelector<HTMLElement>('input, textarea, select, button');
    first?.focus();
    // Once the dialog has left the page (the next task): until then the page behind it is inert.
    return () => {
      const target = callbacks.current.returnFocus?.() ?? previous;
      setTimeout(() => target?.isConnected && target.focus());
    };
  }, []);

  return createPortal(
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-label={label}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-modal="true"
      onCancel={(e) => {
        // Closing is the owner's decision (it unmounts the dialog), not the browser's.
        e.preventDefault();
        callbacks.current.onClose();
      }}
      // Closed by the browser anyway (a second Escape without user activation cannot be cancelled).
      onClose={() => callbacks.current.onClose()}
      onMouseDown={(e) => e.target === e.currentTarget && callbacks.current.onClose()}
      onKeyDown={onKeyDown}
      className={`fixed inset-0 m-0 h-full max-h-none w-full max-w-none overflow-hidden border-0 p-0 backdrop:bg-transparent ${BACKDROPS[backdrop]}`}
    >
      {children}
    </dialog>,
    document.body,
  );
}
