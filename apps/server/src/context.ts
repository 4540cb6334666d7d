/** Everything a service needs, passed in (GUIDE: dependencies are passed in, so tests can swap them). */
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@samvad/protocol';
import type { Config } from './config.js';
import type { Db, RunPrepared } from './db/client.js';
import type { TokenService } from './auth/tokens.js';
import type { Presence } from './presence/presence.js';
import type { RateLimits } from './http/rate-limits.js';
import type { Storage } from './files/storage-contract.js';
import type { SendBatcher } from './messages/send-batch.js';
import type { ReceiptBatcher } from './receipts/batch.js';
import type { WebPushNotifier } from './push/notifier.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export interface SocketData {
  user: AuthUser;
  tokenExpiresAt?: number;
}

/** The signed-in user, as stored (the stored role decides, not the token's claim). */
export type AuthUser = User;

export interface AppContext {
  db: Db;
  /** The hot path's statements, prepared by name (db/client.ts). */
  runPrepared: RunPrepared;
  config: Config;
  clock: Clock;
  logger: Logger;
  tokens: TokenService;
  presence: Presence;
  rateLimits: RateLimits;
  storage: Storage;
  /** Set once the Socket.IO server exists; services emit through realtime/emit.ts. */
  io: IoServer;
  /** The group commit of plain sends (messages/send-batch.ts), one per app. */
  sendBatcher: SendBatcher;
  /** The group commit of receipts by message id (receipts/batch.ts), one per app. */
  receiptBatcher: ReceiptBatcher;
  /** Notifications to devices of members with no connected socket (push/notifier.ts). */
  webPush: WebPushNotifier;
}
