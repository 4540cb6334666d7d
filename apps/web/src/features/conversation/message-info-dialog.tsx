'use client';
import type { Message } from '@samvad/protocol';
import { dayLabel, formatTime } from '@/lib/dates';
import { useLatestQuery } from '@/lib/latest-query';
import { fetchMessageInfo } from '../chat-state/queries';
import { Modal } from '../ui/modal';
import { Avatar } from '../ui/avatar';

const when = (iso: string | null) => (iso ? `${dayLabel(iso)} ${formatTime(iso)}` : '—');

/** Who got the message and who read it, and when (sender only). */
export function MessageInfoDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { data: recipients, error } = useLatestQuery(() => fetchMessageInfo(message.id), [message.id]);
  return (
    <Modal title="Message info" onClose={onClose}>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {!recipients && !error && <p className="text-sm text-slate-500">Loading…</p>}
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-slate-500">
            <th className="py-1 font-medium">Recipient</th>
            <th className="font-medium">Delivered</th>
            <th className="font-medium">Read</th>
          </tr>
        </thead>
        <tbody>
          {recipients?.map((r) => (
            <tr key={r.userId} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1.5">
                <span className="flex items-center gap-2">
                  <Avatar name={r.name} src={r.avatarUrl} size={28} />
                  {r.name}
                </span>
              </td>
              <td>{when(r.deliveredAt)}</td>
              <td>{when(r.readAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
