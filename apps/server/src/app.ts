/**
 * Builds the service from its parts: createApp({ config, database, ... }) returns an HTTP server
 * with the REST API, Socket.IO and (when built) the web app on one port.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
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
import { createLocalStorage, type Storage } from './files/storage.js';
import { AppError } from './http/errors.js';
import { authenticate, errorHandler, ok } from './http/middleware.js';
import { authRoutes } from './auth/routes.js';
import { userRoutes } from './users/routes.js';
import { chatRoutes } from './chats/routes.js';
import { messageRoutes } from './messages/routes.js';
import { syncRoutes } from './sync/routes.js';
import { attachSocketHandlers, createSocketServer } from './realtime/socket-server.js';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: Logger;
  storage?: Storage;
  presence?: Presence;
}

export interface App {
  ctx: AppContext;
  server: http.Server;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { config, database } = options;
  const logger =
    options.logger ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', 'token', '*.token', 'password', '*.password'] });
  const expressApp = express();
  const server = http.createServer(expressApp);

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

  const io = createSocketServer(server, () => true);
  // Cross-site WebSocket hijacking: only the app's own origin and CORS_ORIGINS may open a socket.
  io.engine.opts.allowRequest = (req, cb) => cb(null, isAllowedOrigin(req.headers.origin, req.headers.host));

  const ctx: AppContext = {
    db: database.db,
    config,
    clock: options.clock ?? systemClock,
    logger,
    tokens: createTokenService(config.jwtSecret),
    presence: options.presence ?? createMemoryPresence(),
    rateLimits: createRateLimits(config),
    storage: options.storage ?? createLocalStorage(path.join(config.dataDir, 'files')),
    io,
  };
  const { typing } = attachSocketHandlers(ctx);

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
    }),
  );
  expressApp.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          mediaSrc: ["'self'", 'data:', 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  expressApp.use('/api', cors({ origin: (origin, cb) => cb(null, !origin || allowedOrigins.has(origin)), credentials: true }));
  expressApp.use('/api', express.json({ limit: '64kb' }));

  expressApp.get('/api/health', async (_req, res) => {
    try {
      await database.db.execute(sql`select 1`);
      ok(res, { status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ success: false, error: { code: 'UNAVAILABLE', message: 'database unreachable' } });
    }
  });
  expressApp.use('/api/auth', authRoutes(ctx));
  expressApp.use('/api', authenticate(ctx));
  expressApp.use('/api/users', userRoutes(ctx));
  expressApp.use('/api/chats', chatRoutes(ctx));
  expressApp.use('/api/messages', messageRoutes(ctx));
  expressApp.use('/api', syncRoutes(ctx));
  expressApp.use('/api', (req, _res, next) => next(new AppError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path}`)));
  if (config.webDir && fs.existsSync(config.webDir)) serveWebApp(expressApp, config.webDir);
  expressApp.use(errorHandler(ctx));

  return {
    ctx,
    server,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      });
    },
    async close() {
      typing.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** The Next.js static export: files as they are, `/chat` → chat.html, unknown pages → 404.html. */
function serveWebApp(app: express.Express, webDir: string): void {
  // Next 16 also writes a `chat/` folder (prefetch segments) beside `chat.html`; express.static
  // would answer `/chat` with a redirect to `/chat/`, so pages are served by name first.
  const root = path.resolve(webDir);
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || path.extname(req.path)) return next();
    const page = path.resolve(root, `.${req.path.replace(/\/+$/, '')}.html`);
    if (page.startsWith(root + path.sep) && fs.existsSync(page)) res.sendFile(page, { maxAge: '1h' });
    else next();
  });
  app.use(express.static(webDir, { extensions: ['html'], index: 'index.html', maxAge: '1h', setHeaders: immutableAssets }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/')) return next();
    const notFoundPage = path.join(webDir, '404.html');
    if (fs.existsSync(notFoundPage)) res.status(404).sendFile(notFoundPage);
    else next();
  });
}

function immutableAssets(res: http.ServerResponse, filePath: string): void {
  if (filePath.includes(`${path.sep}_next${path.sep}static${path.sep}`))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
