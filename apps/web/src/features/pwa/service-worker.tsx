'use client';
/**
 * Registers the service worker (src/service-worker/sw.ts) in production builds and offers a new
 * version when one is waiting: "Update available — Reload" (issue 14). The new worker takes over
 * only when the user reloads, so an open page never runs against another version's files.
 */
import { useEffect, useState } from 'react';
import { Workbox } from 'workbox-window';

export function ServiceWorkerUpdates() {
  const [waiting, setWaiting] = useState<Workbox | null>(null);

  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const workbox = new Workbox('/sw.js');
    workbox.addEventListener('waiting', () => setWaiting(workbox));
    // The new worker took over (after "Reload"): load the page from it.
    workbox.addEventListener('controlling', (event) => {
      if (event.isUpdate) window.location.reload();
    });
    workbox.register().catch(() => {}); // no service worker: the app works as a plain page
  }, []);

  if (!waiting) return null;
  return (
    <div
      role="status"
      className="fixed inset-x-0 top-2 z-50 mx-auto flex w-fit max-w-[calc(100%-1rem)] items-center gap-3 rounded-lg bg-slate-800 py-2 pr-2 pl-4 text-sm text-white shadow-lg dark:bg-slate-700"
    >
      <span>Update available</span>
      <button
        type="button"
        onClick={() => waiting.messageSkipWaiting()}
        className="rounded px-2 py-1 font-semibold text-emerald-300 hover:bg-white/10 focus-visible:ring-2 focus-visible:ring-emerald-300 focus-visible:outline-none"
      >
        Reload
      </button>
    </div>
  );
}
