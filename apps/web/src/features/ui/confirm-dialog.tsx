'use client';
/**
 * The confirmation every destructive action asks for, saying what will happen ("Delete message? This
 * message will be deleted for everyone in this chat." Cancel / Delete for everyone). One provider
 * shows one dialog; `const confirm = useConfirm(); if (await confirm({...})) act();`.
 * Cancel has the focus first, so Enter on a stray key press does not destroy anything.
 */
import { createContext, useCallback, useContext, useId, useRef, useState, type ReactNode } from 'react';
import { DialogFrame } from './dialog-frame';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in a sentence or two. */
  message: string;
  /** The button that does it: names the action ("Delete for everyone", "Remove"). */
  confirmLabel: string;
}

type Confirm = (request: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<Confirm | null>(null);

export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolveRef = useRef<((isConfirmed: boolean) => void) | null>(null);
  const confirm = useCallback<Confirm>(
    (next) =>
      new Promise<boolean>((resolve) => {
        resolveRef.current?.(false); // a newer question replaces an unanswered one
        resolveRef.current = resolve;
        setRequest(next);
      }),
    [],
  );
  const answer = useCallback((isConfirmed: boolean) => {
    resolveRef.current?.(isConfirmed);
    resolveRef.current = null;
    setRequest(null);
  }, []);
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      {request && <ConfirmDialog request={request} onAnswer={answer} />}
    </ConfirmContext.Provider>
  );
}

function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer(isConfirmed: boolean): void }) {
  const titleId = useId();
  const messageId = useId();
  return (
    <DialogFrame
      role="alertdialog"
      labelledBy={titleId}
      describedBy={messageId}
      onClose={() => onAnswer(false)}
      initialFocus={(dialog) => dialog.querySelector<HTMLElement>('[data-cancel]')}
    >
      <div className="pointer-events-none flex h-full items-center justify-center p-4">
        <div className="pointer-events-auto w-full max-w-sm rounded-xl bg-white p-5 text-slate-900 shadow-xl dark:bg-slate-900 dark:text-slate-100 dark:ring-1 dark:ring-white/10">
          <h2 id={titleId} className="text-lg font-semibold">
            {request.title}
          </h2>
          <p id={messageId} className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            {request.message}
          </p>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button
              type="button"
              data-cancel
              onClick={() => onAnswer(false)}
              className="rounded-lg px-4 py-2 text-sm font-medium text-emerald-700 hover:bg-slate-100 dark:text-emerald-400 dark:hover:bg-slate-800"
            >
              Cancel
            </button>
            <button
              type="button"
              onClick={() => onAnswer(true)}
              className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-300"
            >
              {request.confirmLabel}
            </button>
          </div>
        </div>
      </div>
    </DialogFrame>
  );
}
