import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { io as connectSocket } from 'socket.io-client';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer({ env: { CORS_ORIGINS: 'https://school.example' } });
  user = await server.createUser('Asha');
});
afterAll(() => server.close());

function tryConnect(origin: string | undefined, transport: 'websocket' | 'polling', token = user.token): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connectSocket(server.url, {
      auth: { token },
      transports: [transport],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin ? { origin } : {},
    });
    const done = (result: string) => {
      socket.disconnect();
      resolve(result);
    };
    socket.once('authenticated', () => done('connected'));
    socket.once('connect_error', (error) => done(error.message));
  });
}

describe('origins', () => {
  it('refuses sockets from other sites on both transports (cross-site WebSocket hijacking)', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await tryConnect('https://evil.example', transport), transport).not.toBe('connected');
      expect(await tryConnect(server.url, transport), transport).toBe('connected');
      expect(await tryConnect('https://school.example', transport), transport).toBe('connected');
    }
  });

  it('gives CORS headers to configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/chats`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await preflight('https://school.example')).headers.get('access-control-allow-origin')).toBe('https://school.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('token lifetime', () => {
  it('disconnects a socket when its token expires', async () => {
    const secret = new TextEncoder().encode('test-secret-that-is-long-enough');
    const token = await new SignJWT({ userId: user.user.id, role: 'EMPLOYEE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(secret);
    const socket = await server.connect(token);
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  }, 30_000); // a safety net: the token runs out after 1–2 s
});
