import { STATUS_LABEL, type DisplayStatus } from '@/lib/ticks';
import { CheckIcon, ClockIcon } from '../ui/icons';

/** ✓ sent, ✓✓ delivered, blue ✓✓ read; a clock while in the outbox. */
export function StatusIcon({ status }: { status: DisplayStatus }) {
  const label = STATUS_LABEL[status];
  if (status === 'PENDING')
    return <ClockIcon role="img" aria-hidden={false} aria-label={label} width={13} height={13} className="text-slate-500" />;
  if (status === 'FAILED')
    return (
      <span role="img" aria-label={label} className="font-bold text-red-600">
        !
      </span>
    );
  return (
    <CheckIcon
      role="img"
      aria-hidden={false}
      aria-label={label}
      data-status={status}
      double={status !== 'SENT'}
      className={status === 'READ' ? 'text-sky-500' : 'text-slate-500 dark:text-slate-400'}
    />
  );
}
