'use client';
/**
 * The "Archived" row at the top of the chat list (as in WhatsApp): archived chats leave the list and
 * the badge, but their unread messages are counted here, so nothing unread is out of sight.
 */
import type { Chat } from '@samvad/protocol';
import { ArchiveIcon } from '../ui/icons';

export function ArchivedRow({ chats, onOpen }: { chats: readonly Chat[]; onOpen: () => void }) {
  const unread = chats.reduce((sum, c) => sum + c.unreadCount, 0);
  return (
    <li className="hover:bg-slate-50 dark:hover:bg-slate-800/60">
      <button
        type="button"
        onClick={onOpen}
        aria-label={unread > 0 ? `Archived, ${unread} unread` : 'Archived'}
        className="flex w-full items-center gap-3 px-3 py-2.5 text-left"
      >
        <span className="flex h-11 w-11 shrink-0 items-center justify-center text-emerald-700 dark:text-emerald-400">
          <ArchiveIcon />
        </span>
        <span className="flex min-w-0 flex-1 items-center border-b border-slate-100 pb-2 dark:border-slate-800">
          <span className="flex-1 font-medium">Archived</span>
          {unread > 0 && (
            <span className="text-xs font-semibold text-emerald-700 dark:text-emerald-400">{unread > 99 ? '99+' : unread}</span>
          )}
        </span>
      </button>
    </li>
  );
}
