/** The typed Socket.IO client (CONTRACT §6); the token travels in `auth`, never the query string. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@samvad/protocol';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(token: string): ChatSocket {
  return io({ auth: { token }, transports: ['websocket', 'polling'] });
}
