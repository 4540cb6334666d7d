/**
 * Every token expires (JWT_MAX_AGE for one without `exp`), optional issuer and audience checks, and
 * production refuses guessable secrets (issue 17.6).
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@samvad/protocol';
import { loadConfig } from '../config.js';
import { startTestServer, type TestServer } from '../test/harness.js';

const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough');
const now = () => Math.floor(Date.now() / 1000);
const token = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
  build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(SECRET);
const claims = { userId: 'host-token-user', role: 'EMPLOYEE', name: 'Token User' };

describe('tokens without exp', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_MAX_AGE: '4s' } });
  });
  afterAll(() => server.close());
  const me = (jwt: string) => server.api<{ user: User }>(jwt, 'GET', '/api/auth/me');

  it('live JWT_MAX_AGE after iat; without iat they are refused', async () => {
    expect((await me(await token(claims, (jwt) => jwt.setIssuedAt(now())))).status).toBe(200);
    expect((await me(await token(claims, (jwt) => jwt.setIssuedAt(now() - 10)))).status).toBe(401);
    const neither = await me(await token(claims));
    expect(neither.status).toBe(401);
    expect(neither.body.error.message).toMatch(/exp/);
  });

  it('a socket signed in with one is closed when it runs out', async () => {
    const socket = await server.connect(await token(claims, (jwt) => jwt.setIssuedAt(now() - 2)));
    const started = Date.now();
    await new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('issuer and audience', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_ISSUER: 'school-assessment', JWT_AUDIENCE: 'samvad' } });
  });
  afterAll(() => server.close());

  it('are required when configured, and Samvad signs its own tokens with them', async () => {
    const expiring = (jwt: SignJWT) => jwt.setIssuedAt().setExpirationTime('1h');
    const right = await token(claims, (jwt) => expiring(jwt).setIssuer('school-assessment').setAudience('samvad'));
    expect((await server.api(right, 'GET', '/api/auth/me')).status).toBe(200);
    for (const wrong of [
      await token(claims, expiring),
      await token(claims, (jwt) => expiring(jwt).setIssuer('someone-else').setAudience('samvad')),
      await token(claims, (jwt) => expiring(jwt).setIssuer('school-assessment').setAudience('other-app')),
    ]) {
      expect((await server.api(wrong, 'GET', '/api/auth/me')).status).toBe(401);
    }
    const local = await server.createUser('Local');
    const login = await server.api<{ token: string }>(null, 'POST', '/api/auth/login', {
      email: local.user.email,
      password: local.password,
    });
    expect((await server.api(login.body.data.token, 'GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('secrets in production', () => {
  const production = (JWT_SECRET: string) => () => loadConfig({ NODE_ENV: 'production', JWT_SECRET, DATA_DIR: '/tmp/samvad-config-test' });

  it('refuses short or repetitive secrets and says how to make a good one', () => {
    for (const weak of ['aaaaaaaaaaaaaaaa', 'a'.repeat(64), '1234567812345678123456781234567812345678', 'short-but-16char']) {
      expect(production(weak), weak).toThrow(/openssl rand -base64 48/);
    }
    expect(production('Vq3n8Zr1Kx0pLw5Tb7Ye2Hc9Mf4Ud6Gs')).not.toThrow();
  });
});
