/**
 * One Samvad connection per page, shared by every widget: the Socket.IO connection (reconnecting),
 * REST with the host's bearer token, the total unread count, and a plain-language problem when the
 * server cannot be used. Framework-free, so the React components and the web components share it.
 */
import { io, type Socket } from 'socket.io-client';
import { diagnoseConnection } from './diagnose.js';
import { normalizeBaseUrl } from './links.js';
import type { SamvadMessage, SamvadProblem, SamvadSnapshot, SamvadUser, TokenProvider } from './types.js';

/** The server events the widgets listen to (CONTRACT §6). */
interface ServerEvents {
  authenticated: (payload: { user: SamvadUser }) => void;
  newMessage: (message: SamvadMessage) => void;
  messageUpdated: (message: SamvadMessage) => void;
  messageDeleted: (payload: { chatId: string; messageId: string }) => void;
  messageHidden: (payload: { chatId: string; messageId: string }) => void;
  chatCreated: (chat: { id: string }) => void;
  chatUpdated: (chat: { id: string }) => void;
  chatRemoved: (payload: { chatId: string }) => void;
  participantAdded: (payload: { chatId: string }) => void;
  participantRemoved: (payload: { chatId: string }) => void;
}

export interface SamvadClientOptions {
  /** Where Samvad runs, e.g. `https://chat.example` (the origin serving /api and /socket.io). */
  url: string;
  getToken: TokenProvider;
}

export interface SamvadClient {
  readonly baseUrl: string;
  getSnapshot(): SamvadSnapshot;
  subscribe(listener: () => void): () => void;
  /** GET an API path with the bearer token; resolves to the envelope's `data` (CONTRACT §3). */
  get<T>(path: string): Promise<T>;
  getToken(): Promise<string>;
  /** Tries again now (after the host fixed its token provider, or from a "Retry" button). */
  retry(): void;
  close(): void;
}

/** A failed API call; `problem` is set when the failure is about the set-up rather than the request. */
export class SamvadRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: SamvadProblem,
  ) {
    super(message);
  }
}

/** Many events in a burst cost one request. */
const UNREAD_DEBOUNCE_MS = 150;
/** After the server refused the token, try a fresh one this much later (the host may have renewed it). */
const UNAUTHORIZED_RETRY_MS = 30_000;
/** A server-side disconnect (restart, token expiry) is followed by a reconnect after this pause. */
const SERVER_DISCONNECT_RETRY_MS = 1_000;

export const initialSnapshot: SamvadSnapshot = {
  status: 'connecting',
  problem: null,
  unreadCount: null,
  user: null,
  messagesVersion: 0,
};

export function createSamvadClient(options: SamvadClientOptions): SamvadClient {
  const baseUrl = normalizeBaseUrl(options.url);
  const listeners = new Set<() => void>();
  let snapshot: SamvadSnapshot = initialSnapshot;
  let isAuthenticated = false;
  let isClosed = false;
  let unreadTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let latestUnreadRequest = 0;
  let diagnosis: Promise<void> | null = null;

  function update(patch: Partial<Omit<SamvadSnapshot, 'status'>>) {
    const next = { ...snapshot, ...patch };
    next.status = next.problem ? 'error' : isAuthenticated ? 'online' : 'connecting';
    snapshot = next;
    for (const listener of listeners) listener();
  }

  const setProblem = (problem: SamvadProblem | null) => {
    if (problem?.message !== snapshot.problem?.message) update({ problem });
  };

  async function getToken(): Promise<string> {
    try {
      const token = await options.getToken();
      if (!token) throw new Error('it returned no token');
      return token;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const problem: SamvadProblem = { kind: 'token', message: `Samvad: the host's getToken() failed: ${reason}` };
      setProblem(problem);
      throw new SamvadRequestError(problem.message, 0, problem);
    }
  }

  /** Explains a network failure once at a time (each probe is two requests). */
  function diagnose(): Promise<void> {
    diagnosis ??= diagnoseConnection(baseUrl)
      .then((problem) => {
        if (!isAuthenticated && !isClosed) setProblem(problem);
      })
      .finally(() => (diagnosis = null));
    return diagnosis;
  }

  const refusedToken = (detail: string): SamvadProblem => ({
    kind: 'unauthorized',
    message: `Samvad refused this user's token (${detail}): check JWT_SECRET, the token's claims, and that the user is active`,
  });

  async function get<T>(path: string): Promise<T> {
    const token = await getToken();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    } catch {
      await diagnose();
      throw new SamvadRequestError(snapshot.problem?.message ?? `Samvad at ${baseUrl} is unreachable`, 0, snapshot.problem ?? undefined);
    }
    const body = (await response.json().catch(() => null)) as
      { success: true; data: T } | { success: false; error: { code: string; message: string } } | null;
    if (response.status === 401) {
      const problem = refusedToken(body && !body.success ? body.error.message : 'HTTP 401');
      setProblem(problem);
      throw new SamvadRequestError(problem.message, 401, problem);
    }
    if (!body) throw new SamvadRequestError(`Samvad answered ${path} with HTTP ${response.status}`, response.status);
    if (!body.success) throw new SamvadRequestError(body.error.message, response.status);
    // A working call proves origin and token are fine; a socket problem, if any, reports itself again.
    if (snapshot.problem && snapshot.problem.kind !== 'token') setProblem(null);
    return body.data;
  }

  async function refreshUnread() {
    const request = ++latestUnreadRequest;
    try {
      const { unreadCount } = await get<{ unreadCount: number }>('/api/unread');
      // Answers can overtake each other: only the latest request's count is current.
      if (request === latestUnreadRequest && !isClosed) update({ unreadCount });
    } catch {
      // The problem (if it is one) is already in the snapshot; the next event or reconnect retries.
    }
  }

  function refreshUnreadSoon() {
    clearTimeout(unreadTimer);
    unreadTimer = setTimeout(() => void refreshUnread(), UNREAD_DEBOUNCE_MS);
  }

  const messagesChanged = () => update({ messagesVersion: snapshot.messagesVersion + 1 });

  // The Samvad URL may carry a path (behind a proxy): Socket.IO would read it as a namespace.
  const { origin, pathname } = new URL(baseUrl, typeof location === 'undefined' ? undefined : location.href);
  const socket: Socket<ServerEvents> = io(origin, {
    path: `${pathname.replace(/\/+$/, '')}/socket.io`,
    transports: ['websocket', 'polling'],
    // A function, so every (re)connect asks the host for a current token (CONTRACT §2: never the query string).
    auth: (callback) => {
      getToken().then(
        (token) => callback({ token }),
        () => callback({ token: '' }),
      );
    },
  });

  // `authenticated` comes once the socket has joined its rooms: from then on no event is missed,
  // so this is the moment to (re)read the count — after every reconnect too.
  socket.on('authenticated', ({ user }) => {
    isAuthenticated = true;
    clearTimeout(retryTimer);
    update({ user, problem: snapshot.problem?.kind === 'token' ? snapshot.problem : null });
    void refreshUnread();
    messagesChanged();
  });
  socket.on('disconnect', (reason) => {
    isAuthenticated = false;
    update({});
    // The server closed it (restart, expired token, deactivated user): Socket.IO will not retry
    // by itself; reconnecting with a fresh token either works or says why.
    if (reason === 'io server disconnect' && !isClosed) retryTimer = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
  });
  socket.on('connect_error', (error) => {
    isAuthenticated = false;
    if (error.message === 'UNAUTHORIZED') {
      if (snapshot.problem?.kind !== 'token') setProblem(refusedToken('UNAUTHORIZED'));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), UNAUTHORIZED_RETRY_MS);
    } else {
      void diagnose(); // a transport error: Socket.IO keeps retrying with backoff
    }
  });
  socket.on('newMessage', (message) => {
    // Count others' messages at once so the badge moves with the message; the refetch confirms it.
    if (snapshot.user && message.sender.id !== snapshot.user.id && message.messageType !== 'SYSTEM' && snapshot.unreadCount !== null) {
      update({ unreadCount: snapshot.unreadCount + 1 });
    }
    refreshUnreadSoon();
    messagesChanged();
  });
  for (const event of ['messageUpdated', 'messageDeleted', 'messageHidden', 'chatRemoved'] as const) {
    socket.on(event, () => {
      refreshUnreadSoon();
      messagesChanged();
    });
  }
  for (const event of ['chatCreated', 'chatUpdated', 'participantAdded', 'participantRemoved'] as const)
    socket.on(event, refreshUnreadSoon);

  // Reading happens in the Samvad tab, and the server tells a reader's other sockets nothing about
  // it: coming back to the host page rereads the count.
  const onVisible = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'visible') refreshUnreadSoon();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
  }

  // Do not wait for the socket: the first count (or the set-up problem) comes sooner over REST.
  void refreshUnread();

  return {
    baseUrl,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get,
    getToken,
    retry() {
      clearTimeout(retryTimer);
      if (snapshot.problem?.kind === 'token') setProblem(null);
      if (!socket.connected) socket.connect();
      void refreshUnread();
    },
    close() {
      isClosed = true;
      clearTimeout(unreadTimer);
      clearTimeout(retryTimer);
      if (typeof window !== 'undefined') {
        window.removeEventListener('focus', onVisible);
        document.removeEventListener('visibilitychange', onVisible);
      }
      socket.disconnect();
      listeners.clear();
    },
  };
}
