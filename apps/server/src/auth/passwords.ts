/**
 * Password hashing with scrypt (memory-hard, built into Node: no native add-on to install).
 *
 * Each hash takes 128 MiB and a libuv thread for a few hundred milliseconds, so hashes run one at a
 * time with a short queue: a flood of logins waits its turn or is refused (UNAVAILABLE), and never
 * takes the threads or the memory that token checks, files and the database need.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { AppError } from '../http/errors.js';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;
/** OWASP's recommendation for scrypt: N=2^17, r=8, p=1 (128 MiB per hash). */
const PARAMS = { N: 1 << 17, r: 8, p: 1 };
/** Above 128·N·r, for the largest hash we accept to verify. */
const MAX_MEMORY = 192 * 1024 * 1024;
const KEY_LENGTH = 32;
/** Hashes at once, and hashes allowed to wait for their turn. */
const CONCURRENT_HASHES = 1;
const MAX_WAITING_HASHES = 16;

const hashing = pLimit(CONCURRENT_HASHES);
let computed = 0;

/** How many hashes ran since start (tests check that refused logins hash nothing). */
export const hashesComputed = () => computed;

function runHash(password: string, salt: Buffer, keyLength: number, params: { N: number; r: number; p: number }): Promise<Buffer> {
  if (hashing.pendingCount >= MAX_WAITING_HASHES) {
    throw new AppError('UNAVAILABLE', 'Too many sign-ins at once; try again in a moment', { retryAfterMs: 1000 });
  }
  return hashing(() => {
    computed += 1;
    return scrypt(password, salt, keyLength, { ...params, maxmem: MAX_MEMORY });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await runHash(password, salt, KEY_LENGTH, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export interface PasswordCheck {
  valid: boolean;
  /** The hash was made with weaker parameters than today's: store a new one (valid passwords only). */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string | null): Promise<PasswordCheck> {
  if (!stored) {
    // Spend the same time as a real check, so unknown accounts cannot be told apart by timing.
    await hashPassword(password);
    return { valid: false, needsRehash: false };
  }
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key || 128 * params.N * params.r > MAX_MEMORY) return { valid: false, needsRehash: false };
  const expected = Buffer.from(key, 'base64');
  const actual = await runHash(password, Buffer.from(salt, 'base64'), expected.length, params);
  const valid = crypto.timingSafeEqual(actual, expected);
  const weaker = params.N < PARAMS.N || params.r < PARAMS.r || params.p < PARAMS.p;
  return { valid, needsRehash: valid && weaker };
}
