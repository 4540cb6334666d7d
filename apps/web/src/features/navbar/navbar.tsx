'use client';
/** The host app's navbar (spec §7.1): chat icon with the total unread badge, and the other pages. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from '../auth/session';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { totalUnread } from '../chat-state/state';
import { ChatIcon } from '../ui/icons';

export function formatBadge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

const LINKS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/visits/demo', label: 'Visit' },
  { href: '/settings', label: 'Settings' },
];

// Tight spacing below 640 px: the links and Sign out fit a 320 px phone without a menu.
export function Navbar() {
  const { session, signOut } = useSession();
  const client = useChatClient();
  const unread = useChatState((s) => totalUnread(s.chats));
  const pathname = usePathname();
  const linkClass = (href: string) =>
    `rounded px-1 py-1 text-sm hover:bg-emerald-800 sm:px-2 ${pathname === href ? 'bg-emerald-800 font-medium' : ''}`;
  return (
    <nav
      aria-label="Main"
      className="flex h-12 shrink-0 items-center gap-0.5 bg-emerald-700 px-2 text-white sm:gap-1 sm:px-3 dark:bg-emerald-900"
    >
      <span className="mr-2 hidden font-semibold sm:inline">Samvad</span>
      <Link href="/chat" className={`relative ${linkClass('/chat')}`} aria-label={unread > 0 ? `Chat, ${unread} unread` : 'Chat'}>
        <ChatIcon />
        {unread > 0 && (
          <span
            data-testid="nav-unread"
            className="absolute -top-1 -right-1 flex h-5 min-w-5 items-center justify-center rounded-full bg-red-500 px-1 text-xs font-semibold"
          >
            {formatBadge(unread)}
          </span>
        )}
      </Link>
      <div className="flex gap-0.5 sm:gap-1">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className={linkClass(l.href)}>
            {l.label}
          </Link>
        ))}
      </div>
      <span className="ml-auto hidden truncate text-sm text-emerald-100 md:inline">{session?.user.name}</span>
      <button
        type="button"
        onClick={() => void client.push.disable().finally(signOut)}
        className="ml-auto shrink-0 rounded px-1 py-1 text-sm hover:bg-emerald-800 sm:px-2 md:ml-2"
      >
        Sign out
      </button>
    </nav>
  );
}
