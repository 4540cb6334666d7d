/** One on/off setting: its name, a line saying what it does, and the switch. */
export function SettingSwitch({
  title,
  description,
  checked,
  disabled = false,
  busy = false,
  onChange,
}: {
  title: string;
  description: string;
  checked: boolean;
  disabled?: boolean;
  busy?: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <label className="flex items-center justify-between gap-4">
      <span>
        <span className="block font-medium">{title}</span>
        <span className="block text-sm text-slate-500 dark:text-slate-400">{description}</span>
      </span>
      <input
        type="checkbox"
        className="h-5 w-5 shrink-0 accent-emerald-600 disabled:opacity-50"
        checked={checked}
        disabled={disabled}
        aria-busy={busy || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
    </label>
  );
}
