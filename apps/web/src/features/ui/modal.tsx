'use client';
/** A titled modal dialog (forms, pickers, info): a centred panel over a dimmed page; focuses its first field. */
import { useId, type ReactNode } from 'react';
import { DialogFrame } from './dialog-frame';
import { CloseIcon } from './icons';

export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const titleId = useId();
  return (
    <DialogFrame
      labelledBy={titleId}
      onClose={onClose}
      initialFocus={(dialog) => dialog.querySelector<HTMLElement>('input, textarea, button:not([data-close])')}
    >
      <div className="pointer-events-none flex h-full items-center justify-center p-4">
        <div className="pointer-events-auto flex max-h-[85dvh] w-full max-w-md flex-col rounded-xl bg-white text-slate-900 shadow-xl dark:bg-slate-900 dark:text-slate-100 dark:ring-1 dark:ring-white/10">
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-800">
            <h2 id={titleId} className="font-semibold">
              {title}
            </h2>
            <button
              type="button"
              data-close
              aria-label="Close"
              onClick={onClose}
              className="rounded p-1 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <CloseIcon />
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
        </div>
      </div>
    </DialogFrame>
  );
}
