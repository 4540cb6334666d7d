/** Date formatting for the chat UI: 12-hour times, day separators, compact relative times. */
import { differenceInCalendarDays, differenceInMinutes, format, isSameDay } from 'date-fns';

export function formatTime(iso: string): string {
  return format(new Date(iso), 'h:mm a');
}

/** "Today", "Yesterday", a weekday within the week, else the full date. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const days = differenceInCalendarDays(now, date);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return format(date, 'EEEE');
  return format(date, 'd MMMM yyyy');
}

/** True when a separator belongs before `current` (first message, or a new calendar day). */
export function needsDaySeparator(previousIso: string | null, currentIso: string): boolean {
  return previousIso === null || !isSameDay(new Date(previousIso), new Date(currentIso));
}

/** Chat list times: "now", "5m", "3h", "Yesterday", weekday, or a short date. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const minutes = differenceInMinutes(now, date);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const days = differenceInCalendarDays(now, date);
  if (days === 0) return `${Math.floor(minutes / 60)}h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return format(date, 'EEE');
  return format(date, 'd/M/yy');
}

export function lastSeenLabel(iso: string | null, now: Date = new Date()): string {
  if (!iso) return 'offline';
  const label = dayLabel(iso, now);
  const time = formatTime(iso);
  if (label === 'Today') return `last seen today at ${time}`;
  if (label === 'Yesterday') return `last seen yesterday at ${time}`;
  return `last seen ${label} at ${time}`;
}
