import { QuickChatButton } from '@/features/visit/quick-chat-button';

const visit = {
  id: 'demo-visit-1',
  school: 'Government Higher Secondary School, Pune',
  date: '2026-11-24',
  status: 'Submitted for review',
};

/** A stand-in for the host app's visit page, showing how the quick chat button is mounted. */
export default function VisitDemoPage() {
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 dark:bg-slate-950">
      <article className="mx-auto max-w-2xl space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <h1 className="text-xl font-semibold">School visit</h1>
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">School</dt>
          <dd>{visit.school}</dd>
          <dt className="text-slate-500">Visit</dt>
          <dd>{visit.id}</dd>
          <dt className="text-slate-500">Date</dt>
          <dd>{visit.date}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd>{visit.status}</dd>
        </dl>
        <div className="flex flex-wrap gap-2">
          <button type="button" className="rounded-lg border border-slate-300 px-4 py-2 dark:border-slate-700">
            Submit Visit
          </button>
          <QuickChatButton context={{ type: 'visit', visitId: visit.id, schoolName: visit.school }} />
        </div>
      </article>
    </main>
  );
}
