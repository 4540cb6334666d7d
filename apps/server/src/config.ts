/** Reads and validates the environment once at start-up (CONTRACT §1). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import { SCHEMA_NAME } from './db/client.js';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(5000),
  HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The PostgreSQL schema of every Samvad table, so the host's database can hold both (CONTRACT §1). */
  DATABASE_SCHEMA: z
    .string()
    .regex(SCHEMA_NAME, 'DATABASE_SCHEMA must be a lower-case PostgreSQL identifier (a-z, 0-9, _)')
    .default('public'),
  /**
   * PostgreSQL connections per process (DATABASE_URL only): a quarter (at least one) runs the hot
   * path's prepared statements, the rest everything else. 8 carries the spec's load; see
   * docs/operations.md for what larger pools give.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(8),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default(''),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').optional(),
  /** How long a token without `exp` is valid after its `iat`: "3600", "90m", "12h", "7d". */
  JWT_MAX_AGE: z
    .string()
    .regex(/^\d+[smhd]?$/, 'JWT_MAX_AGE must be a number of seconds, or a number with s, m, h or d')
    .default('7d'),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  ADMIN_NAME: z.string().min(1).optional(),
  SEED_DEMO: flag,
  STORAGE_DRIVER: z.enum(['local', 'gcs']).default('local'),
  GCS_BUCKET: z.string().optional(),
  CORS_ORIGINS: z.string().default(''),
  RATE_LIMIT_MESSAGES_PER_MIN: positiveInt(20),
  RATE_LIMIT_TYPING_PER_MIN: positiveInt(60),
  RATE_LIMIT_UPLOADS_PER_MIN: positiveInt(5),
  RATE_LIMIT_CHATS_PER_HOUR: positiveInt(10),
  RATE_LIMIT_LOGINS_PER_MIN: positiveInt(10),
  RATE_LIMIT_PRESENCE_PER_MIN: positiveInt(60),
  RATE_LIMIT_REACTIONS_PER_MIN: positiveInt(60),
  RATE_LIMIT_EDITS_PER_MIN: positiveInt(30),
  // A member of busy groups receives (and acknowledges twice) far more than the 20 messages/min one may send.
  RATE_LIMIT_RECEIPTS_PER_MIN: positiveInt(6000),
  /** Live sockets one user may hold on one process (tabs, devices); the next is refused. */
  SOCKETS_PER_USER: positiveInt(20),
  /** Socket connections from one address that have not signed in yet (each process). */
  // Generous: many people may share one address (a school's network); a handshake takes milliseconds.
  SOCKET_HANDSHAKES_PER_ADDRESS: positiveInt(100),
  /** Web Push (VAPID, RFC 8292). Outside production a key pair is generated once into DATA_DIR when unset. */
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  /** Who the push services may contact about this server: a mailto: or https: address. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: or https: address')
    .default('mailto:admin@samvad.invalid'),
  /** New messages of one chat within this window go out as one push per device. */
  PUSH_COLLAPSE_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIR: z.string().optional(),
});

export interface Config {
  isProduction: boolean;
  port: number;
  host: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string;
  databasePoolSize: number;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  jwtSecret: string;
  /** Tokens: the validity of one without `exp` (seconds), and the `iss`/`aud` they must carry when set. */
  jwt: { maxAgeSeconds: number; issuer: string | undefined; audience: string | undefined };
  admin: { email: string; password: string; name: string } | undefined;
  seedDemo: boolean;
  storageDriver: 'local' | 'gcs';
  gcsBucket: string | undefined;
  corsOrigins: string[];
  rateLimits: {
    messagesPerMin: number;
    typingPerMin: number;
    uploadsPerMin: number;
    chatsPerHour: number;
    loginsPerMin: number;
    presencePerMin: number;
    reactionsPerMin: number;
    editsPerMin: number;
    receiptsPerMin: number;
  };
  /** Socket caps (issue 17.2): per user, and unauthenticated connections per client address. */
  sockets: { perUser: number; handshakesPerAddress: number };
  /** Web Push; `vapid` undefined: push is off (production without keys). */
  push: { vapid: VapidKeys | undefined; collapseMs: number; allowLoopbackEndpoints: boolean };
  logLevel: string;
  /** The built web app (static export) to serve; absent → API only. */
  webDir: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  if (isProduction && !e.JWT_SECRET) throw new Error('Invalid configuration:\n  JWT_SECRET is required when NODE_ENV=production');
  if (isProduction && e.JWT_SECRET && isWeakSecret(e.JWT_SECRET)) {
    throw new Error(
      'Invalid configuration:\n  JWT_SECRET is too weak for production: use at least 32 random characters ' +
        '(for example the output of `openssl rand -base64 48`), the same in the School Assessment system',
    );
  }
  if (e.STORAGE_DRIVER === 'gcs' && !e.GCS_BUCKET)
    throw new Error('Invalid configuration:\n  GCS_BUCKET is required with STORAGE_DRIVER=gcs');
  if ((e.VAPID_PUBLIC_KEY === undefined) !== (e.VAPID_PRIVATE_KEY === undefined)) {
    throw new Error('Invalid configuration:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new Error('Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD go together');
  }
  return {
    isProduction,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    jwtSecret: e.JWT_SECRET ?? devSecret(dataDir),
    jwt: { maxAgeSeconds: durationSeconds(e.JWT_MAX_AGE), issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD, name: e.ADMIN_NAME ?? 'Admin' } : undefined,
    seedDemo: e.SEED_DEMO ?? !isProduction,
    storageDriver: e.STORAGE_DRIVER,
    gcsBucket: e.GCS_BUCKET,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimits: {
      messagesPerMin: e.RATE_LIMIT_MESSAGES_PER_MIN,
      typingPerMin: e.RATE_LIMIT_TYPING_PER_MIN,
      uploadsPerMin: e.RATE_LIMIT_UPLOADS_PER_MIN,
      chatsPerHour: e.RATE_LIMIT_CHATS_PER_HOUR,
      loginsPerMin: e.RATE_LIMIT_LOGINS_PER_MIN,
      presencePerMin: e.RATE_LIMIT_PRESENCE_PER_MIN,
      reactionsPerMin: e.RATE_LIMIT_REACTIONS_PER_MIN,
      editsPerMin: e.RATE_LIMIT_EDITS_PER_MIN,
      receiptsPerMin: e.RATE_LIMIT_RECEIPTS_PER_MIN,
    },
    sockets: { perUser: e.SOCKETS_PER_USER, handshakesPerAddress: e.SOCKET_HANDSHAKES_PER_ADDRESS },
    push: {
      vapid: vapidKeys(e, dataDir, isProduction),
      collapseMs: e.PUSH_COLLAPSE_MS,
      // Real push services are https on the public internet; a loopback endpoint is a test's own.
      allowLoopbackEndpoints: !isProduction,
    },
    logLevel: e.LOG_LEVEL,
    webDir: e.WEB_DIR ? path.resolve(e.WEB_DIR) : undefined,
  };
}

/** Short, or made of few different characters (`aaaa…`, `1234…`): guessable offline from one token. */
function isWeakSecret(secret: string): boolean {
  return secret.length < 32 || new Set(secret).size < 10;
}

function durationSeconds(value: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[value.slice(-1)] ?? 1;
  return Number.parseInt(value, 10) * unit;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Keys from the environment; outside production generated once into DATA_DIR (like the JWT secret). */
function vapidKeys(e: z.infer<typeof envSchema>, dataDir: string, isProduction: boolean): VapidKeys | undefined {
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) {
    return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT };
  }
  if (isProduction) return undefined;
  const file = path.join(dataDir, 'vapid-keys.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<VapidKeys, 'subject'>;
    return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: e.VAPID_SUBJECT };
  } catch {
    const keys = webpush.generateVAPIDKeys();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    return { ...keys, subject: e.VAPID_SUBJECT };
  }
}

/** Outside production a secret is generated once and kept in DATA_DIR, so tokens survive restarts. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
