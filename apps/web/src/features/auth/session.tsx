'use client';
/** The signed-in user and token; restored from localStorage on load, cleared on sign out or a 401. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { User } from '@samvad/protocol';
import { api, setUnauthorizedHandler } from '@/lib/api';
import { clearSession, readStoredUser, readToken, storeSession } from '@/lib/session-storage';

interface Session {
  token: string;
  user: User;
}

interface SessionValue {
  session: Session | null;
  isRestoring: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [isRestoring, setIsRestoring] = useState(true);

  const signOut = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(signOut);
    const token = readToken();
    const user = readStoredUser();
    if (token && user) setSession({ token, user });
    setIsRestoring(false);
  }, [signOut]);

  const signIn = useCallback(async (email: string, password: string) => {
    const { token, user } = await api<{ token: string; user: User }>('/api/auth/login', { method: 'POST', body: { email, password } });
    storeSession(token, user);
    setSession({ token, user });
  }, []);

  return <SessionContext.Provider value={{ session, isRestoring, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
