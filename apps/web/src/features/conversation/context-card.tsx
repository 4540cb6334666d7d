'use client';
/** What a message is about (its `context`, e.g. a school visit from the host app), shown as a card. */
import type { ReactNode } from 'react';

/** The card's two lines: a visit names its school and id; anything else its type and plain values. */
export function describeContext(context: Record<string, unknown>): { title: string; detail: string } {
  if (context.type === 'visit') {
    return { title: `🏫 School visit · ${String(context.schoolName ?? '')}`, detail: `Visit ${String(context.visitId ?? '')}` };
  }
  const values = Object.entries(context)
    .filter(([key, value]) => key !== 'type' && (typeof value === 'string' || typeof value === 'number'))
    .map(([, value]) => String(value));
  return { title: `📎 ${typeof context.type === 'string' ? context.type : 'Context'}`, detail: values.join(' · ') };
}

export function ContextCard({ context, action }: { context: Record<string, unknown>; action?: ReactNode }) {
  const { title, detail } = describeContext(context);
  return (
    <div className="mb-1 flex items-start gap-2 rounded-md border border-sky-300 bg-sky-50 px-2 py-1 text-xs dark:border-sky-700 dark:bg-sky-950">
      <div className="min-w-0 flex-1">
        <span className="block font-semibold">{title}</span>
        {detail && <span className="block truncate text-slate-500">{detail}</span>}
      </div>
      {action}
    </div>
  );
}
