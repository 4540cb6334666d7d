/** Where the session lives: localStorage, so it survives a reload. */
import type { User } from '@samvad/protocol';
import { clearSnapshots } from './offline-snapshot';

const TOKEN_KEY = 'samvad.token';
const USER_KEY = 'samvad.user';

export function readToken(): string | null {
  if (typeof window === 'undefined') return null;
  return window.localStorage.getItem(TOKEN_KEY);
}

export function readStoredUser(): User | null {
  if (typeof window === 'undefined') return null;
  const raw = window.localStorage.getItem(USER_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as User;
  } catch {
    return null;
  }
}

export function storeSession(token: string, user: User): void {
  window.localStorage.setItem(TOKEN_KEY, token);
  window.localStorage.setItem(USER_KEY, JSON.stringify(user));
}

/** Sign-out, or a refused session: the token, and what was kept for offline use (the next person sees none of it). */
export function clearSession(): void {
  window.localStorage.removeItem(TOKEN_KEY);
  window.localStorage.removeItem(USER_KEY);
  void clearSnapshots().catch(() => {});
}
