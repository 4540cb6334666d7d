/**
 * <SamvadProvider>: one Samvad connection for the page, and the hooks that read it. Mount it once,
 * high in the host app's tree (a client component in the Next.js App Router).
 */
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createSamvadClient, initialSnapshot, type SamvadClient } from '../core/client.js';
import { normalizeBaseUrl } from '../core/links.js';
import type { SamvadSnapshot, TokenProvider } from '../core/types.js';

export interface SamvadContextValue {
  url: string;
  /** Null until mounted in the browser (server rendering and the first render have no connection). */
  client: SamvadClient | null;
}

export const SamvadContext = createContext<SamvadContextValue | null>(null);

export interface SamvadProviderProps {
  /** Where Samvad runs, e.g. `https://chat.example`; this page's origin must be in its CORS_ORIGINS. */
  url: string;
  /** The host's HS256 JWT for the signed-in user; called on every (re)connect and request. */
  getToken: TokenProvider;
  children?: ReactNode;
}

export function SamvadProvider({ url, getToken, children }: SamvadProviderProps) {
  const baseUrl = normalizeBaseUrl(url);
  const [client, setClient] = useState<SamvadClient | null>(null);
  // The latest provider is used without reconnecting: hosts often pass an inline function.
  const tokenProvider = useRef(getToken);
  useEffect(() => {
    tokenProvider.current = getToken;
  }, [getToken]);

  useEffect(() => {
    const created = createSamvadClient({ url: baseUrl, getToken: () => tokenProvider.current() });
    setClient(created);
    return () => {
      created.close();
      setClient(null);
    };
  }, [baseUrl]);

  return <SamvadContext.Provider value={{ url: baseUrl, client }}>{children}</SamvadContext.Provider>;
}

export function useSamvadContext(): SamvadContextValue {
  const value = useContext(SamvadContext);
  if (!value) throw new Error('Samvad components and hooks must be inside <SamvadProvider url=… getToken=…>');
  return value;
}

const noSubscription = () => () => {};
const getInitialSnapshot = () => initialSnapshot;

/** The connection's state: status, problem, unread count, user. Re-renders when it changes. */
export function useSamvad(): SamvadSnapshot & { url: string } {
  const { url, client } = useSamvadContext();
  const snapshot = useSyncExternalStore(client?.subscribe ?? noSubscription, client?.getSnapshot ?? getInitialSnapshot, getInitialSnapshot);
  return { ...snapshot, url };
}

/** Total unread messages across the user's chats, live (0 until known). */
export function useUnreadCount(): number {
  const { client } = useSamvadContext();
  return useSyncExternalStore(
    client?.subscribe ?? noSubscription,
    () => client?.getSnapshot().unreadCount ?? 0,
    () => 0,
  );
}
