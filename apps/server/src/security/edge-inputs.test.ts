/**
 * Inputs at the edges of what the parsers accept answer 400 (or 401 for tokens), never 500: the
 * five found by hand, then property-based runs (fast-check, seeded so failures reproduce) over
 * path parameters, query strings, JSON bodies and token claims.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { routeTable } from '../test/route-table.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough');
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(SECRET);

/** A raw request; the answer's status and whether its body is the JSON envelope. */
async function call(token: string | null, method: string, url: string, body?: string) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** `{"a":{"a":…"leaf"…}}` as text (JSON.stringify of it would overflow this test's own stack). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;

describe('edge inputs found by hand', () => {
  it('a bad percent-encoding in a path is a 400', async () => {
    const answer = await call(asha.token, 'GET', '/api/chats/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.code).toBe('VALIDATION');
  });

  it('a message context nested 5,000 levels deep is a 400', async () => {
    const body = `{"content":"deep","context":${nestedJson(5000)}}`;
    const answer = await call(asha.token, 'POST', `/api/chats/${chat.id}/messages`, body);
    expect(answer.status).toBe(400);
  });

  it('a sync token with a huge number or a malformed id is a 400', async () => {
    const token = (value: object) => Buffer.from(JSON.stringify({ v: 1, ...value })).toString('base64url');
    for (const since of [token({ lo: '99999999999999999999' }), token({ lo: '1', after: ['1', '------------------------------------'] })]) {
      expect((await call(asha.token, 'GET', `/api/sync?since=${since}`)).status).toBe(400);
    }
  });

  it('search dates PostgreSQL cannot hold are a 400', async () => {
    for (const date of ['-271821-04-20', '275760-09-13', '0000-01-01']) {
      expect((await call(asha.token, 'GET', `/api/chats/search?q=hello&from=${date}`)).status, date).toBe(400);
    }
  });

  it('a signed token whose userId is not a user id is a 401', async () => {
    for (const userId of [['array'], { object: 1 }, 'with space', '../../etc', true]) {
      expect((await call(await sign({ userId, role: 'EMPLOYEE', name: 'X' }), 'GET', '/api/auth/me')).status).toBe(401);
    }
  });
});

describe('property-based: nothing answers 500', () => {
  const hostileString = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('%', '%E0%A4%A', '%00', '..%2F', '\u0000', '-271821-04-20', '99999999999999999999', '1e400', 'NaN', '__proto__'),
  );
  const json = fc.jsonValue({ maxDepth: 6 });

  it('path parameters and query strings on every GET route', async () => {
    const routes = routeTable(server).filter((r) => r.method === 'GET');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileString, fc.string({ maxLength: 12 }), async (route, value, key) => {
        const encoded = encodeURIComponent(value);
        const path = route.path.replace(/:([a-zA-Z]+)/g, () => encoded);
        const answer = await call(asha.token, 'GET', `${path}?${encodeURIComponent(key) || 'q'}=${encoded}`);
        expect(answer.status, `${path}`).toBeLessThan(500);
        // Raw (undecoded) values in the path too: bad escapes must not slip past the router.
        const raw = route.path.replace(/:([a-zA-Z]+)/g, () => value.replace(/[/?#\s]/g, '') || 'x');
        const rawAnswer = await fetch(`${server.url}${encodeURI(raw).replace(/%25/g, '%')}`, {
          headers: { authorization: `Bearer ${asha.token}` },
        });
        expect(rawAnswer.status, raw).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 20261130 },
    );
  }, 120_000);

  it('JSON bodies on every route that takes one', async () => {
    const routes = routeTable(server).filter((r) => r.method !== 'GET' && !r.path.endsWith('/upload'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), json, async (route, body) => {
        const path = route.path.replace(':id', chat.id).replace(':userId', priya.user.id);
        const answer = await call(asha.token, route.method, path, JSON.stringify(body));
        expect(answer.status, `${route.method} ${path} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 20261130 },
    );
  }, 120_000);

  it('token claims', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('userId', 'sub', 'role', 'name', 'email', 'avatarUrl', 'iat'), json),
        async (claims) => {
          const answer = await call(await sign(claims), 'GET', '/api/auth/me');
          expect([200, 401], JSON.stringify(claims)).toContain(answer.status);
        },
      ),
      { numRuns: 150, seed: 20261130 },
    );
  }, 120_000);
});
