'use client';
/**
 * The app's toasts (client.toasts): "Message deleted · Undo" while a write waits, and short notices.
 * Fixed near the bottom, above the composer, on every page; Undo and dismiss go through the client.
 */
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { CloseIcon } from '../ui/icons';

export function ToastStack() {
  const client = useChatClient();
  const toasts = useChatState((s) => s.toasts);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-20 z-40 flex flex-col items-center gap-2 px-3">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.canUndo ? 'status' : 'alert'}
          className="pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-lg bg-slate-800 py-2 pr-2 pl-4 text-sm text-white shadow-lg ring-1 ring-white/10 dark:bg-slate-700"
        >
          <span className="min-w-0 flex-1">{toast.text}</span>
          {toast.canUndo && (
            <button
              type="button"
              onClick={() => client.toasts.undo(toast.id)}
              className="rounded px-2 py-1 font-semibold text-emerald-300 uppercase hover:bg-white/10 focus-visible:ring-2 focus-visible:ring-emerald-300 focus-visible:outline-none"
            >
              Undo
            </button>
          )}
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => client.toasts.dismiss(toast.id)}
            className="rounded p-1 text-slate-300 hover:bg-white/10 hover:text-white"
          >
            <CloseIcon width={16} height={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
