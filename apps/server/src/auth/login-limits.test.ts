/**
 * Failed-login limiting that slows guessing and cannot stall the server (issue 17.1): the limit is
 * checked before any hashing, a locked account refuses the right password too, hashing runs one
 * at a time with a short queue, and older hashes are made stronger at the next good login.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryOne } from '../db/client.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { hashesComputed } from './passwords.js';

describe('a locked account', () => {
  let server: TestServer;
  let priya: TestUser;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_LOGINS_PER_MIN: '3' } });
    priya = await server.createUser('Priya');
  });
  afterAll(() => server.close());

  it('refuses the right password too, with the same 429 and Retry-After, and hashes nothing while locked', async () => {
    const login = (password: string) => server.api(null, 'POST', '/api/auth/login', { email: priya.user.email, password });
    for (let i = 0; i < 3; i++) expect((await login('wrong guess')).status).toBe(401);
    const hashesBefore = hashesComputed();
    const wrong = await login('another guess');
    const right = await login(priya.password);
    expect(wrong.status).toBe(429);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('RATE_LIMITED');
    expect(right.body.error.message).toBe(wrong.body.error.message.replace(/\d+ s/, right.body.error.message.match(/\d+ s/)![0]));
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await login('more guesses');
    expect(hashesComputed()).toBe(hashesBefore);
  });
});

describe('a login flood', () => {
  let server: TestServer;
  let asha: TestUser;
  beforeAll(async () => {
    server = await startTestServer(); // login limits high (test config): every attempt reaches the hasher
    asha = await server.createUser('Asha');
  });
  afterAll(() => server.close());

  it('waits in a bounded queue, refuses the overflow with 503, and does not hold up other requests', async () => {
    const flood = Array.from({ length: 60 }, (_, i) =>
      server.api(null, 'POST', '/api/auth/login', { email: `flood${i}@test.local`, password: 'guess-guess' }),
    );
    let floodDone = false;
    const settled = Promise.all(flood).then((answers) => {
      floodDone = true;
      return answers;
    });
    // An authenticated request while the hashes queue: answered before the flood is through.
    const chats = await server.api(asha.token, 'GET', '/api/chats');
    expect(chats.status).toBe(200);
    expect(floodDone).toBe(false);
    const answers = await settled;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body.error.code).toBe('UNAVAILABLE');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 120_000);

  it('makes an older, weaker hash stronger at the next good login', async () => {
    const salt = crypto.randomBytes(16);
    const key = crypto.scryptSync('old-password-1', salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const oldHash = `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    await server.app.ctx.db.execute(
      sql`insert into users (id, name, email, password_hash) values ('old-account', 'Old', 'old@test.local', ${oldHash})`,
    );
    const first = await server.api(null, 'POST', '/api/auth/login', { email: 'old@test.local', password: 'old-password-1' });
    expect(first.status).toBe(200);
    const stored = await queryOne<{ password_hash: string }>(
      server.app.ctx.db,
      sql`select password_hash from users where id = 'old-account'`,
    );
    expect(stored!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    const again = await server.api(null, 'POST', '/api/auth/login', { email: 'old@test.local', password: 'old-password-1' });
    expect(again.status).toBe(200);
  });
});
