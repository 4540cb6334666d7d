/**
 * Caps on live connections (issue 17.2), so one token or one address cannot exhaust the process's
 * file handles and memory:
 * - connections that have not signed in yet, per client address: counted from the engine.io
 *   handshake until the socket authenticates or closes (and closed after CONNECT_TIMEOUT_MS);
 * - authenticated sockets per user on this process: the socket after the cap is refused.
 * Both refusals say TOO_MANY_CONNECTIONS; health and other users go on.
 */
import type { IncomingMessage } from 'node:http';

/** An engine.io connection that has not joined the namespace by then is closed. */
export const CONNECT_TIMEOUT_MS = 10_000;
export const TOO_MANY_CONNECTIONS = 'TOO_MANY_CONNECTIONS';

export interface ConnectionCaps {
  /** For engine.io's allowRequest: may this address start one more connection? */
  mayHandshake(req: IncomingMessage): boolean;
  /** A new engine.io connection from `req` (counted as waiting until `signedIn` or closed). */
  opened(req: IncomingMessage, onClose: (listener: () => void) => void): { signedIn(): void };
  /** May this user hold one more socket, with `current` open on this process? */
  mayConnectUser(current: number): boolean;
}

const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export function createConnectionCaps(limits: { perUser: number; handshakesPerAddress: number }): ConnectionCaps {
  const waiting = new Map<string, number>();
  const change = (address: string, by: number) => {
    const next = (waiting.get(address) ?? 0) + by;
    if (next > 0) waiting.set(address, next);
    else waiting.delete(address);
  };
  return {
    mayHandshake: (req) => (waiting.get(clientAddress(req)) ?? 0) < limits.handshakesPerAddress,
    opened(req, onClose) {
      const address = clientAddress(req);
      let isWaiting = true;
      const stopWaiting = () => {
        if (!isWaiting) return;
        isWaiting = false;
        change(address, -1);
      };
      change(address, 1);
      onClose(stopWaiting);
      return { signedIn: stopWaiting };
    },
    mayConnectUser: (current) => current < limits.perUser,
  };
}
