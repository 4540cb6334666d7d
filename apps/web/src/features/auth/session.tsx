'use client';
/**
 * The signed-in user and token: from a token the host app handed over (`#token=`), else restored
 * from localStorage; cleared on sign out or when the server refuses the token (401).
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { User } from '@samvad/protocol';
import { ApiRequestError, errorMessage, setUnauthorizedHandler } from '@/lib/api';
import { fetchTokenUser, signInWithPassword } from '@/lib/session-api';
import { clearSession, readStoredUser, readToken, storeSession } from '@/lib/session-storage';
import { takeHandoffToken } from '@/lib/token-handoff';
import { playback } from '../voice/playback';

interface Session {
  token: string;
  user: User;
}

interface SessionValue {
  session: Session | null;
  isRestoring: boolean;
  /** Why the user was signed out without asking (shown on the sign-in screen). */
  signedOutReason: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): void;
}

export const TOKEN_REFUSED_MESSAGE =
  'You have been signed out: Samvad no longer accepts your sign-in (your account may have been deactivated). Sign in again or contact your administrator.';

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [isRestoring, setIsRestoring] = useState(true);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);

  const endSession = useCallback((reason: string | null) => {
    playback.stop(); // a voice message does not play on for the next person
    clearSession();
    setSession(null);
    setSignedOutReason(reason);
  }, []);
  const signOut = useCallback(() => endSession(null), [endSession]);

  useEffect(() => {
    setUnauthorizedHandler(() => endSession(TOKEN_REFUSED_MESSAGE));
    const handedOver = takeHandoffToken();
    if (!handedOver) {
      const token = readToken();
      const user = readStoredUser();
      if (token && user) setSession({ token, user });
      setIsRestoring(false);
      return;
    }
    // The host's token wins over any session stored here: it is who is using the host app now.
    // A refused token answers 401, which ends the session through the handler above.
    fetchTokenUser(handedOver)
      .then((user) => {
        storeSession(handedOver, user);
        setSession({ token: handedOver, user });
        setSignedOutReason(null);
      })
      .catch((err: unknown) => {
        if (!(err instanceof ApiRequestError && err.status === 401))
          setSignedOutReason(`Signing in from the School Assessment system failed: ${errorMessage(err)}`);
      })
      .finally(() => setIsRestoring(false));
  }, [endSession]);

  const signIn = useCallback(async (email: string, password: string) => {
    const { token, user } = await signInWithPassword(email, password);
    storeSession(token, user);
    setSession({ token, user });
    setSignedOutReason(null);
  }, []);

  return <SessionContext.Provider value={{ session, isRestoring, signedOutReason, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
