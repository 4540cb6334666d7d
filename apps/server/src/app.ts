/**
 * Builds the service from its parts: createApp({ config, database, ... }) returns an HTTP server
 * with the REST API, Socket.IO and (when built) the web app on one port.
 */
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { pinoHttp } from 'pino-http';
import { pino, type Logger } from 'pino';
import { sql } from 'drizzle-orm';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { systemClock, type AppContext, type Clock } from './context.js';
import { createTokenService } from './auth/tokens.js';
import { createMemoryPresence, type Presence } from './presence/presence.js';
import { createRateLimits } from './http/rate-limits.js';
import { createStorage } from './files/storage.js';
import type { Storage } from './files/storage-contract.js';
import { AppError } from './http/errors.js';
import { errorSerializer, requestSerializer } from './http/log-serializers.js';
import { authenticate, errorHandler, ok } from './http/middleware.js';
import { embedScript } from './http/embed-script.js';
import { inlineScriptHashes } from './http/inline-scripts.js';
import { serveWebApp } from './http/static-files.js';
import { checkContinue } from './http/early-answers.js';
import { authRoutes } from './auth/routes.js';
import { userRoutes } from './users/routes.js';
import { avatarRoutes } from './avatars/routes.js';
import { chatRoutes } from './chats/routes.js';
import { messageRoutes } from './messages/routes.js';
import { opsRoutes } from './ops/routes.js';
import { syncRoutes } from './sync/routes.js';
import { reactionRoutes } from './reactions/routes.js';
import { searchRoutes } from './search/routes.js';
import { pushRoutes } from './push/routes.js';
import { createWebPushNotifier } from './push/notifier.js';
import { scheduleRetention } from './jobs/retention.js';
import { fileRoutes, isUploadRequest, uploadRoutes } from './files/routes.js';
import { attachSocketHandlers, createSocketServer } from './realtime/socket-server.js';
import { createConnectionCaps } from './realtime/connection-caps.js';
import { createScaleOut } from './scale/redis.js';
import { createSendBatcher } from './messages/send-batch.js';
import { LINGER_MS } from './db/group-commit.js';
import { createReceiptBatcher } from './receipts/batch.js';

const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'token', '*.token', 'password', '*.password'];

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: Logger;
  storage?: Storage;
  presence?: Presence;
  /** Daily jobs (retention); tests leave them off unless they ask. Default true. */
  scheduleJobs?: boolean;
}

export interface App {
  ctx: AppContext;
  server: http.Server;
  /** The Express application (tests read its route table). */
  express: express.Express;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config, database } = options;
  // Tokens, passwords and message text never reach the logs, whichever logger the caller passes in.
  const logger = (options.logger ?? pino({ level: config.logLevel })).child(
    {},
    { redact: REDACTED_LOG_PATHS, serializers: { err: errorSerializer, req: requestSerializer } },
  );
  const expressApp = express();
  const server = http.createServer(expressApp);
  // Expect: 100-continue: an upload is asked for its body only once it is authorized (files/routes.ts).
  server.on(
    'checkContinue',
    checkContinue((req, res) => server.emit('request', req, res), isUploadRequest),
  );

  const allowedOrigins = new Set(config.corsOrigins);
  const isAllowedOrigin = (origin: string | undefined, host?: string) => {
    if (!origin) return true; // not a browser cross-origin request (curl, server-to-server, same-origin GET)
    if (allowedOrigins.has(origin)) return true;
    try {
      return host !== undefined && new URL(origin).host === host;
    } catch {
      return false;
    }
  };

  const connectionCaps = createConnectionCaps(config.sockets);
  const io = createSocketServer(server, isAllowedOrigin, connectionCaps);
  // REDIS_URL: several processes act as one (adapter, presence, typing, rate limits).
  const scaleOut = config.redisUrl ? createScaleOut(config, logger) : undefined;
  scaleOut?.attach(io);

  const ctx = {
    db: database.db,
    runPrepared: database.runPrepared,
    config,
    clock: options.clock ?? systemClock,
    logger,
    tokens: createTokenService(config.jwtSecret, config.jwt),
    presence: options.presence ?? scaleOut?.presence ?? createMemoryPresence(),
    rateLimits: createRateLimits(config, scaleOut?.redis),
    storage: options.storage ?? createStorage(config),
    io,
  } satisfies Omit<AppContext, 'sendBatcher' | 'receiptBatcher' | 'webPush'> as AppContext;
  // The group commits of the hot path write and push through the finished context.
  ctx.sendBatcher = createSendBatcher(ctx, LINGER_MS[database.kind].send);
  ctx.receiptBatcher = createReceiptBatcher(ctx, LINGER_MS[database.kind].receipt);
  ctx.webPush = createWebPushNotifier(ctx);
  scaleOut?.bindContext(ctx);
  const { typing, drain } = attachSocketHandlers(ctx, connectionCaps, scaleOut?.createTyping(io));
  const stopJobs = options.scheduleJobs === false ? () => {} : scheduleRetention(ctx);

  expressApp.disable('x-powered-by');
  expressApp.set('trust proxy', 'loopback');
  expressApp.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'silent'),
      serializers: { req: requestSerializer, err: errorSerializer, res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
    }),
  );
  expressApp.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // No inline script but the export's own (hashed); styles stay inline-capable (React style props).
          scriptSrc: ["'self'", ...inlineScriptHashes(config.webDir)],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          // The app talks to its own origin only ('self' covers ws:/wss: to the same host).
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'data:', 'blob:'],
          objectSrc: ["'none'"],
          // CORS_ORIGINS: host pages may also frame the web app (CONTRACT §1).
          frameAncestors: ["'self'", ...config.corsOrigins],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Health answers every origin (no credentials, nothing private): the embed widgets on a host page
  // tell "server down" from "this origin is not in CORS_ORIGINS" by whether they can read it.
  expressApp.get('/api/health', cors(), async (_req, res) => {
    try {
      await database.db.execute(sql`select 1`);
      // Redis down degrades live fan-out across processes but loses nothing: still 200.
      ok<'GET /api/health'>(res, { status: 'ok', database: 'ok', ...(scaleOut ? { redis: await scaleOut.health() } : {}) });
    } catch {
      res.status(503).json({ success: false, error: { code: 'UNAVAILABLE', message: 'database unreachable' } });
    }
  });
  expressApp.use('/api', cors({ origin: (origin, cb) => cb(null, !origin || allowedOrigins.has(origin)), credentials: true }));
  expressApp.use('/api', express.json({ limit: '64kb' }));
  expressApp.get('/embed.js', embedScript());
  expressApp.use('/api/auth', authRoutes(ctx));
  // Before the bearer check: file downloads also accept the files cookie (docs/files.md).
  expressApp.use('/api/files', fileRoutes(ctx));
  expressApp.use('/api', authenticate(ctx));
  expressApp.use('/api', avatarRoutes(ctx));
  expressApp.use('/api/users', userRoutes(ctx));
  expressApp.use('/api/chats', searchRoutes(ctx)); // before chatRoutes: "search" is not a chat id
  expressApp.use('/api/chats', uploadRoutes(ctx));
  expressApp.use('/api/chats', chatRoutes(ctx));
  expressApp.use('/api/messages', messageRoutes(ctx));
  expressApp.use('/api/messages', reactionRoutes(ctx));
  expressApp.use('/api', syncRoutes(ctx));
  expressApp.use('/api/push', pushRoutes(ctx));
  expressApp.use('/api/admin', opsRoutes(ctx));
  expressApp.use('/api', (req, _res, next) => next(new AppError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path}`)));
  if (config.webDir && fs.existsSync(config.webDir)) serveWebApp(expressApp, config.webDir);
  expressApp.use(errorHandler(ctx));

  return {
    ctx,
    server,
    express: expressApp,
    async listen(port = config.port, host = config.host) {
      await scaleOut?.ready();
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      });
    },
    async close() {
      // Stop accepting connections and events, let in-flight sends commit and be acknowledged,
      // then close the sockets so clients reconnect (elsewhere, or to this one restarted), then Redis.
      if (server.listening) server.close();
      await drain.drain(8000);
      stopJobs();
      typing.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      await ctx.webPush.close();
      await scaleOut?.close();
    },
  };
}
