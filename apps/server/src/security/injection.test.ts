/**
 * SQL injection and path traversal, on every route of the live route table: each path parameter,
 * each query key and each string in a valid body (one at a time, so the rest of the request is
 * valid and the hostile string reaches the handler) carries one attack of each family. Nothing may
 * answer 500, leak a password hash, a file of the host or a database error, or change anything
 * outside the caller's own chats. Upload file names are traversal attempts too.
 *
 * Each position sees every family; which member of a family it gets rotates with the position, so
 * every attack string is used many times over the route table without multiplying the requests.
 * Requests go out a few at a time (bounded), so the test's time does not hinge on one slow answer.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, Message } from '@samvad/protocol';
import { query } from '../db/client.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { routeTable, type RouteEntry } from '../test/route-table.js';
import { createDirectChat, createGroupChat, send } from '../test/factories.js';
import { makePng, upload } from '../files/test/fixtures.js';

const ESCAPE_TARGET = `samvad-escape-${crypto.randomBytes(4).toString('hex')}`;
const ATTACK_FAMILIES: Record<string, string[]> = {
  quoteBreak: ["' OR '1'='1", '" OR ""="'],
  stackedStatement: ["1'; DROP TABLE users; --", "'); DELETE FROM messages; --", '\\x27; truncate chats; --'],
  exfiltration: ["' UNION SELECT password_hash, email FROM users --", "'||(select password_hash from users limit 1)||'"],
  placeholder: ['$1) or (1=1'],
  relativeTraversal: [
    '../../../../../../etc/passwd',
    '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '....//....//....//etc/passwd',
    `../../../../../../tmp/${ESCAPE_TARGET}`,
    '..\\..\\..\\windows\\win.ini',
  ],
  absolutePath: ['/etc/passwd'],
  nulByte: ['x\u0000y'],
};
const ATTACKS = Object.values(ATTACK_FAMILIES).flat();
/** One attack of each family for the position numbered `position`. */
const attacksFor = (position: number) => Object.values(ATTACK_FAMILIES).map((members) => members[position % members.length]!);
/** In-flight requests at once: enough to overlap the HTTP round trips, few enough to stay polite. */
const CONCURRENCY = 8;
const LEAKS = [/scrypt\$/, /root:x:0:0/, /syntax error/i, /relation "/i, /at character/i];

let server: TestServer;
let asha: TestUser;
let priya: TestUser; // the caller: a plain member
let ravi: TestUser;
let own: Chat; // priya is a member
let victim: Chat; // priya is not
let ownMessage: Message;
let ownAttachmentId: string;

/** Valid bodies: each string in them is replaced by each attack, one at a time. */
function bodiesFor(entry: RouteEntry): unknown {
  const key = `${entry.method} ${entry.path}`;
  const templates: Record<string, unknown> = {
    'POST /api/auth/login': { email: 'priya@test.local', password: 'wrong password' },
    'POST /api/users': { name: 'N', email: 'n@test.local', password: 'long enough password', role: 'EMPLOYEE' },
    'POST /api/chats': { type: 'ONE_ON_ONE', participantId: ravi.user.id },
    'PUT /api/chats/:id': { name: 'Name', description: 'About' },
    'POST /api/chats/:id/messages': { content: 'hello', clientId: 'c1', context: { schoolName: 'ABC School' } },
    'POST /api/chats/:id/participants': { userIds: [ravi.user.id] },
    'PUT /api/chats/:id/participants/:userId': { chatRole: 'MEMBER' },
    'PUT /api/messages/:id': { content: 'edited' },
    'POST /api/messages/:id/reactions': { emoji: '👍' },
    'POST /api/messages/:id/forward': { chatIds: [own.id] },
  };
  return templates[key] ?? {};
}

/** Each copy of `value` with one string (key or leaf) replaced by `attack`. */
function variants(value: unknown, attack: string): unknown[] {
  if (typeof value === 'string') return [attack];
  if (Array.isArray(value)) return value.flatMap((item, i) => variants(item, attack).map((v) => value.map((x, j) => (i === j ? v : x))));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.flatMap(([k, v]) => variants(v, attack).map((replaced) => ({ ...value, [k]: replaced })));
  }
  return [];
}

const QUERY_KEYS = ['q', 'limit', 'before', 'after', 'around', 'page', 'since', 'for', 'filter', 'senderId', 'from', 'to', 'chatId'];

function pathFor(entry: RouteEntry, params: Record<string, string>): string {
  return entry.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

function validParams(entry: RouteEntry): Record<string, string> {
  const id = entry.path.startsWith('/api/messages') ? ownMessage.id : entry.path.startsWith('/api/files') ? ownAttachmentId : own.id;
  return { id, userId: ravi.user.id };
}

async function fingerprint(): Promise<Record<string, string>> {
  const one = async (statement: string) => (await query<{ h: string }>(server.database.db, sql.raw(statement)))[0]!.h;
  return {
    tables: await one(
      `select string_agg(table_name, ',' order by table_name) as h from information_schema.tables where table_schema = 'public'`,
    ),
    users: await one(
      `select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) as h from (select id, email, role, password_hash from users) u`,
    ),
    victimMessages: await one(
      `select md5(coalesce(string_agg(m::text, '|' order by m.id), '')) as h from messages m where chat_id = '${victim.id}'`,
    ),
    victimMembers: await one(
      `select md5(coalesce(string_agg(p::text, '|' order by p.user_id), '')) as h from chat_participants p where chat_id = '${victim.id}'`,
    ),
    victimChat: await one(`select md5(c::text) as h from chats c where id = '${victim.id}'`),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  own = await createGroupChat(server, asha, 'Own', [priya, ravi]);
  victim = await createDirectChat(server, asha, ravi);
  await send(server, asha, victim.id, 'private to Asha and Ravi');
  ownMessage = await send(server, priya, own.id, 'mine');
  ownAttachmentId = (await upload(server, priya.token, own.id, 'dot.png', await makePng(4, 4))).body.data.attachment.attachmentId;
});
afterAll(() => server.close());

describe('injection and traversal', () => {
  it('every route: hostile path parameters, query values and body strings change nothing they should not and leak nothing', async () => {
    const before = await fingerprint();
    const routes = routeTable(server);
    expect(routes.length).toBeGreaterThan(30);
    // Raw fetch: file routes answer bytes, not JSON.
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${priya.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    };
    const check = async (label: string, method: string, url: string, body?: unknown) => {
      const answer = await call(method, url, body);
      expect(answer.status, label).toBeLessThan(500);
      for (const leak of LEAKS) expect(answer.text, label).not.toMatch(leak);
    };
    const requests: { attack: string; label: string; method: string; url: string; body?: unknown }[] = [];
    let position = 0;
    for (const entry of routes) {
      if (entry.path.endsWith('/upload')) continue; // multipart: below
      const params = validParams(entry);
      const names = [...entry.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
      const body = entry.method === 'GET' || entry.method === 'DELETE' ? undefined : bodiesFor(entry);
      for (const name of names) {
        for (const attack of attacksFor(position++)) {
          const url = pathFor(entry, { ...params, [name]: attack });
          requests.push({ attack, label: `${entry.method} ${url}`, method: entry.method, url, body });
        }
      }
      if (entry.method === 'GET') {
        for (const key of QUERY_KEYS) {
          for (const attack of attacksFor(position++)) {
            const url = `${pathFor(entry, params)}?${key}=${encodeURIComponent(attack)}`;
            requests.push({ attack, label: `${entry.method} ${url}`, method: entry.method, url });
          }
        }
      } else if (body !== undefined) {
        const url = pathFor(entry, params);
        // Every string of the body is one position: variants() yields them in a stable order.
        const positions = variants(body, '\u0001').length;
        for (let slot = 0; slot < positions; slot++) {
          for (const attack of attacksFor(position++)) {
            const variant = variants(body, attack)[slot];
            requests.push({ attack, label: `${entry.method} ${url} ${JSON.stringify(variant)}`, method: entry.method, url, body: variant });
          }
        }
      }
    }
    const limit = pLimit(CONCURRENCY);
    await Promise.all(requests.map((request) => limit(() => check(request.label, request.method, request.url, request.body))));
    const calls = requests.length;
    expect(new Set(requests.map((request) => request.attack)), 'every attack string is used').toEqual(new Set(ATTACKS));
    expect(calls).toBeGreaterThan(700);
    expect(await fingerprint()).toEqual(before);
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(200);
  }, 120_000); // a safety net: about 5 s here

  it('upload file names that try to leave the storage directory are kept as plain names', async () => {
    const png = await makePng(4, 4);
    for (const attack of ATTACKS) {
      const answer = await upload(server, priya.token, own.id, attack, png, 'image/png');
      expect(answer.status, attack).toBeLessThan(500);
      if (answer.status !== 201) continue;
      const { attachmentId } = answer.body.data.attachment;
      const file = await fetch(`${server.url}/api/files/${attachmentId}`, { headers: { authorization: `Bearer ${priya.token}` } });
      expect(file.status).toBe(200);
      // The name is only ever a label: no directory part survives into the download.
      const disposition = file.headers.get('content-disposition') ?? '';
      const plainName = /filename="([^"]*)"/.exec(disposition)?.[1] ?? '';
      expect(plainName, attack).not.toMatch(/[\\/]/);
    }
    for (const dir of ['/tmp', os.tmpdir(), path.resolve('/')]) expect(fs.existsSync(path.join(dir, ESCAPE_TARGET))).toBe(false);
  });
});
