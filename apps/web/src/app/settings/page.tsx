import { SettingsForm } from '@/features/settings/settings-form';

export default function SettingsPage() {
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 dark:bg-slate-950">
      <div className="mx-auto max-w-xl">
        <SettingsForm />
      </div>
    </main>
  );
}
