/** Circular avatar: the picture when there is one (and it loaded), else initials; an optional online dot. */
import { usePicture } from './use-picture';

export function initials(name: string | null): string {
  const parts = (name ?? '?').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts.at(-1)![0] : '')).toUpperCase();
}

const COLORS = ['bg-emerald-700', 'bg-sky-700', 'bg-violet-700', 'bg-amber-700', 'bg-rose-700', 'bg-teal-700', 'bg-indigo-700'];

function colorFor(name: string | null): string {
  let hash = 0;
  for (const ch of name ?? '') hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length]!;
}

interface AvatarProps {
  name: string | null;
  /** The user's or chat's `avatarUrl`. */
  src?: string | null;
  isOnline?: boolean;
  size?: number;
}

/** The chat list's avatars (the default size). */
export const CHAT_LIST_AVATAR_SIZE = 44;

export function Avatar({ name, src, isOnline, size = CHAT_LIST_AVATAR_SIZE }: AvatarProps) {
  const picture = usePicture(src, size);
  return (
    <span
      className="relative inline-flex shrink-0"
      style={{ width: size, height: size }}
      aria-hidden
      data-avatar={picture ? 'picture' : 'initials'}
    >
      {picture ? (
        <img src={picture} alt="" className="h-full w-full rounded-full object-cover" />
      ) : (
        <span className={`flex h-full w-full items-center justify-center rounded-full text-sm font-semibold text-white ${colorFor(name)}`}>
          {initials(name)}
        </span>
      )}
      {isOnline && (
        <span className="absolute right-0 bottom-0 h-3 w-3 rounded-full border-2 border-white bg-green-500 dark:border-slate-900" />
      )}
    </span>
  );
}
