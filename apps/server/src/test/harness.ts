/**
 * Integration-test harness: a real server on an ephemeral port with a fresh database per test file
 * (PGlite in memory by default; a throwaway database on the PostgreSQL server when
 * SAMVAD_TEST_DB=postgres and DATABASE_URL are set), real socket.io-client connections, and a
 * small REST client. Nothing here is mocked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@samvad/protocol';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { createApp, type App } from '../app.js';
import type { Clock } from '../context.js';
import { createUser } from '../users/service.js';
import { hashPassword } from '../auth/passwords.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

/** A clock tests move by hand (edit window, retention) instead of sleeping. */
export function createTestClock(start = new Date()): TestClock {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (date) => {
      offset = date.getTime() - Date.now();
    },
  };
}

export const usePostgres = () => process.env.SAMVAD_TEST_DB === 'postgres' && !!process.env.DATABASE_URL;

/** An empty database of its own on the PostgreSQL server of DATABASE_URL, and how to drop it. */
export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `samvad_test_${crypto.randomBytes(6).toString('hex')}`;
  const pg = (await import('pg')).default;
  const run = async (statement: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A fresh, migrated database for one test file. */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  if (!usePostgres()) return openDatabase({});
  const throwaway = await createThrowawayDatabase();
  const database = await openDatabase({ databaseUrl: throwaway.url, poolSize: 10 });
  return {
    ...database,
    url: throwaway.url,
    async close() {
      await database.close();
      await throwaway.drop();
    },
  };
}

/**
 * Limits for test servers (in-process and child processes): the per-user rate limits and socket caps
 * out of the way, since each is tested on its own with low values; every test client is 127.0.0.1.
 */
export const TEST_LIMITS: Record<string, string> = {
  RATE_LIMIT_MESSAGES_PER_MIN: '100000',
  RATE_LIMIT_TYPING_PER_MIN: '100000',
  RATE_LIMIT_UPLOADS_PER_MIN: '100000',
  RATE_LIMIT_CHATS_PER_HOUR: '100000',
  RATE_LIMIT_LOGINS_PER_MIN: '100000',
  RATE_LIMIT_PRESENCE_PER_MIN: '100000',
  RATE_LIMIT_REACTIONS_PER_MIN: '100000',
  RATE_LIMIT_EDITS_PER_MIN: '100000',
  RATE_LIMIT_RECEIPTS_PER_MIN: '100000',
  SOCKETS_PER_USER: '1000',
  SOCKET_HANDSHAKES_PER_ADDRESS: '1000',
};

export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-test-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-that-is-long-enough',
    SEED_DEMO: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...TEST_LIMITS,
    ...env,
  });
}

export interface TestUser {
  user: User;
  token: string;
  password: string;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: { success: boolean; data: T; error: { code: string; message: string; retryAfterMs?: number } };
  headers: Headers;
}

export interface TestServer {
  app: App;
  url: string;
  database: Database;
  clock: TestClock;
  createUser(name?: string, role?: 'ADMIN' | 'EMPLOYEE'): Promise<TestUser>;
  api<T = Record<string, unknown>>(token: string | null, method: string, route: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** A connected, authenticated socket (resolves after the server's `authenticated` event). */
  connect(token: string): Promise<ClientSocket>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { env?: Record<string, string>; database?: Database; logger?: Logger; scheduleJobs?: boolean } = {},
): Promise<TestServer> {
  const database = options.database ?? (await openTestDatabase());
  const config = testConfig(options.env);
  const clock = createTestClock();
  const app = createApp({
    config,
    database,
    clock,
    logger: options.logger ?? pino({ level: config.logLevel }),
    scheduleJobs: options.scheduleJobs ?? false,
  });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const sockets = new Set<ClientSocket>();
  let userCounter = 0;
  // Every test user has the same password: hash it once (a hash takes a few hundred ms by design).
  let passwordHash: Promise<string> | undefined;

  const server: TestServer = {
    app,
    url,
    database,
    clock,
    async createUser(name, role = 'EMPLOYEE') {
      userCounter += 1;
      const password = 'password-123';
      const displayName = name ?? `User ${userCounter}`;
      const email = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${crypto.randomBytes(3).toString('hex')}@test.local`;
      passwordHash ??= hashPassword(password);
      const user = await createUser(app.ctx, { name: displayName, email, password, role }, await passwordHash);
      const token = await app.ctx.tokens.sign({ userId: user.id, role: user.role });
      return { user, token, password };
    },
    async api(token, method, route, body) {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: ApiAnswer['body'];
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${method} ${route} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
      }
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
    connect(token) {
      return new Promise((resolve, reject) => {
        const socket: ClientSocket = connectSocket(url, {
          auth: { token },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        sockets.add(socket);
        const timer = setTimeout(() => reject(new Error('socket did not authenticate within 5 s')), 5000);
        socket.once('authenticated', () => {
          clearTimeout(timer);
          resolve(socket);
        });
        socket.once('connect_error', (error) => {
          clearTimeout(timer);
          socket.close(); // a refused socket's connection stays open otherwise
          reject(error);
        });
      });
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      await database.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Waits for one event on a socket (optionally the first that matches), or fails after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 3000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    };
    socket.on(event, handler as never);
  });
}

/** Collects every payload of an event from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const list: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => list.push(payload)) as never);
  return list;
}

/** Emits with an acknowledgement and resolves with the ack. */
export function emitWithAck<T = Record<string, unknown>>(
  socket: ClientSocket,
  event: keyof ClientToServerEvents,
  ...args: unknown[]
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${String(event)}`)), 5000);
    (socket.emit as (...a: unknown[]) => void)(event, ...args, (ack: T) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
