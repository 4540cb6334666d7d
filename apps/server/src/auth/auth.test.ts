import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { User } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let admin: TestUser;
let employee: TestUser;
const secret = new TextEncoder().encode('test-secret-that-is-long-enough');

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_LOGINS_PER_MIN: '3' } });
  admin = await server.createUser('Admin', 'ADMIN');
  employee = await server.createUser('Employee');
});
afterAll(() => server.close());

describe('login', () => {
  it('answers a token and the user for the right password', async () => {
    const answer = await server.api<{ token: string; user: User }>(null, 'POST', '/api/auth/login', {
      email: employee.user.email!.toUpperCase(),
      password: employee.password,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.user).toEqual(employee.user);
    const me = await server.api<{ user: User }>(answer.body.data.token, 'GET', '/api/auth/me');
    expect(me.body.data.user.id).toBe(employee.user.id);
  });

  it('gives the same 401 for an unknown email and a wrong password, then rate-limits failures', async () => {
    const wrong = await server.api(null, 'POST', '/api/auth/login', { email: admin.user.email, password: 'nope-nope' });
    const unknown = await server.api(null, 'POST', '/api/auth/login', { email: 'nobody@test.local', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    await server.api(null, 'POST', '/api/auth/login', { email: admin.user.email, password: 'nope-nope' });
    await server.api(null, 'POST', '/api/auth/login', { email: admin.user.email, password: 'nope-nope' });
    const limited = await server.api(null, 'POST', '/api/auth/login', { email: admin.user.email, password: 'nope-nope' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses malformed bodies with VALIDATION', async () => {
    const answer = await server.api(null, 'POST', '/api/auth/login', { email: 'not an email' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION');
  });
});

describe('tokens', () => {
  const sign = (claims: Record<string, unknown>, exp = '1h') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(exp).sign(secret);

  it('accepts a token from the School Assessment system and provisions its user from name/email claims', async () => {
    const id = crypto.randomUUID();
    const token = await sign({ userId: id, role: 'EMPLOYEE', name: 'Field Person', email: `field.${id.slice(0, 6)}@school.test` });
    const me = await server.api<{ user: User }>(token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.data.user).toMatchObject({ id, name: 'Field Person', role: 'EMPLOYEE' });
  });

  it('refuses expired, tampered, unsigned and unknown-user tokens', async () => {
    const expired = await sign({ userId: employee.user.id, role: 'EMPLOYEE' }, '-1m');
    const valid = await sign({ userId: employee.user.id, role: 'EMPLOYEE' });
    const [h, , s] = valid.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ userId: admin.user.id, role: 'ADMIN' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ userId: admin.user.id, role: 'ADMIN' })).toString('base64url')}.`;
    const unknown = await sign({ userId: crypto.randomUUID(), role: 'ADMIN' });
    for (const token of [expired, tampered, none, unknown, 'garbage']) {
      const answer = await server.api(token, 'GET', '/api/auth/me');
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
      await expect(server.connect(token)).rejects.toThrow('UNAUTHORIZED');
    }
  });
});

describe('users', () => {
  it('lets ADMIN users create accounts, refuses duplicates and non-admins', async () => {
    const input = { name: 'New Hire', email: 'new.hire@test.local', password: 'long-enough-1', role: 'EMPLOYEE' };
    const created = await server.api<{ user: User }>(admin.token, 'POST', '/api/users', input);
    expect(created.status).toBe(201);
    expect(created.body.data.user).toMatchObject({ name: 'New Hire', email: 'new.hire@test.local', role: 'EMPLOYEE' });
    expect(created.body.data.user).not.toHaveProperty('passwordHash');
    const duplicate = await server.api(admin.token, 'POST', '/api/users', { ...input, email: 'NEW.HIRE@test.local' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    const byEmployee = await server.api(employee.token, 'POST', '/api/users', { ...input, email: 'other@test.local' });
    expect(byEmployee.status).toBe(403);
  });

  it('searches the directory with presence and gets one user', async () => {
    const socket = await server.connect(employee.token);
    const found = await server.api<{ users: (User & { isOnline: boolean })[] }>(admin.token, 'GET', '/api/users?q=employ');
    expect(found.body.data.users.map((u) => u.id)).toEqual([employee.user.id]);
    expect(found.body.data.users[0]!.isOnline).toBe(true);
    socket.disconnect();
    const one = await server.api<{ user: User }>(admin.token, 'GET', `/api/users/${employee.user.id}`);
    expect(one.body.data.user.name).toBe('Employee');
    expect((await server.api(admin.token, 'GET', `/api/users/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await server.api(admin.token, 'GET', '/api/users/not-a-uuid')).status).toBe(404); // user ids are opaque (CONTRACT §2)
    expect((await server.api(admin.token, 'GET', `/api/users/${encodeURIComponent('not an id')}`)).status).toBe(400);
  });

  it('answers health without auth and unknown endpoints with NOT_FOUND', async () => {
    const health = await server.api(null, 'GET', '/api/health');
    expect(health.body).toMatchObject({ success: true, data: { status: 'ok' } });
    const missing = await server.api(admin.token, 'GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
  });
});
