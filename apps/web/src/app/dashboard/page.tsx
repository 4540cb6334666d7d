import { RecentMessagesWidget } from '@/features/dashboard/recent-messages-widget';

export default function DashboardPage() {
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 dark:bg-slate-950">
      <div className="mx-auto grid max-w-4xl gap-4 md:grid-cols-2">
        <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <h1 className="text-lg font-semibold">Dashboard</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            School visits and CSR initiatives at a glance. The chat widget shows your latest conversations.
          </p>
        </section>
        <RecentMessagesWidget />
      </div>
    </main>
  );
}
