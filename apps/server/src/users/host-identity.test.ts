/**
 * The host system's users (CONTRACT §2): its own ids as they are, provisioning from a token's
 * claims, its newest word winning (claims and sync, judged by the token's `iat`), sync endpoints,
 * and deactivation. Runs on PGlite and on PostgreSQL.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Chat, DirectoryUser, Message, User } from '@samvad/protocol';
import { queryOne } from '../db/client.js';
import { nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { history, send } from '../test/factories.js';

const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token as the School Assessment system signs it; `issuedAt` in seconds (default: now). */
function hostToken(claims: Record<string, unknown>, issuedAt = nowSeconds()) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 3600)
    .sign(SECRET);
}

let server: TestServer;
let admin: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('Samvad Admin', 'ADMIN');
});
afterAll(() => server.close());

const me = (token: string) => server.api<{ user: User }>(token, 'GET', '/api/auth/me');
const storedUser = (id: string) =>
  queryOne<{ name: string; role: string; email: string | null; updated_at: unknown }>(
    server.app.ctx.db,
    sql`select name, role, email, updated_at::text from users where id = ${id}`,
  );

describe('host ids', () => {
  it('uses the host ids as they are: cuid, integer and e-mail-like ids in tokens, chats, messages and the directory', async () => {
    const cuid = await hostToken({ userId: 'ckx9a1b2c0000qz', role: 'ADMIN', name: 'Anita Host', email: 'anita@school.test' });
    const numeric = await hostToken({ userId: 4711, role: 'EMPLOYEE', name: 'Ravi Field' });
    const odd = await hostToken({ userId: 'staff:ravi.k@north-zone', role: 'EMPLOYEE', name: 'Ravi K' });
    expect((await me(cuid)).body.data.user).toMatchObject({ id: 'ckx9a1b2c0000qz', name: 'Anita Host', email: 'anita@school.test' });
    expect((await me(numeric)).body.data.user).toMatchObject({ id: '4711', name: 'Ravi Field', email: null, isActive: true });
    expect((await me(odd)).status).toBe(200);

    // A one-on-one chat per pair, also for ids containing ":" (the pair key cannot collide).
    const direct = await server.api<{ chat: Chat }>(cuid, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: '4711' });
    expect(direct.status).toBe(201);
    const again = await server.api<{ chat: Chat }>(numeric, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: 'ckx9a1b2c0000qz' });
    expect(again.status).toBe(200);
    expect(again.body.data.chat.id).toBe(direct.body.data.chat.id);
    const group = await server.api<{ chat: Chat }>(cuid, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'North zone',
      participantIds: ['4711', 'staff:ravi.k@north-zone'],
    });
    expect(group.status).toBe(201);
    expect(group.body.data.chat.participants.map((p) => p.id).sort()).toEqual(['4711', 'ckx9a1b2c0000qz', 'staff:ravi.k@north-zone']);

    // Live over a socket, sender ids as they are.
    const raviSocket = await server.connect(numeric);
    const arrived = nextEvent(raviSocket, 'newMessage', (m) => m.content === 'Visit at 10?');
    const sent = await server.api<{ message: Message }>(cuid, 'POST', `/api/chats/${direct.body.data.chat.id}/messages`, {
      content: 'Visit at 10?',
    });
    expect(sent.body.data.message.sender.id).toBe('ckx9a1b2c0000qz');
    expect((await arrived).sender).toMatchObject({ id: 'ckx9a1b2c0000qz', name: 'Anita Host' });
    const read = await server.api(numeric, 'PUT', `/api/chats/${direct.body.data.chat.id}/read`);
    expect(read.status).toBe(200);

    const one = await server.api<{ user: DirectoryUser }>(cuid, 'GET', `/api/users/${encodeURIComponent('staff:ravi.k@north-zone')}`);
    expect(one.body.data.user.name).toBe('Ravi K');
    const removed = await server.api(
      cuid,
      'DELETE',
      `/api/chats/${group.body.data.chat.id}/participants/${encodeURIComponent('staff:ravi.k@north-zone')}`,
    );
    expect(removed.status).toBe(200);
  });

  it('answers malformed user ids with 400 (requests) or 401 (tokens), never 500', async () => {
    for (const userId of ['has space', 'a'.repeat(65), 'semi;colon', '', 'x|y', -1, 1.5, { $ne: 1 }]) {
      const answer = await me(await hostToken({ userId, role: 'EMPLOYEE', name: 'Bad Id' }));
      expect(answer.status, JSON.stringify(userId)).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
    }
    for (const participantId of ['has space', 'a'.repeat(65), 'x|y', 42]) {
      const answer = await server.api(admin.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId });
      expect(answer.status, String(participantId)).toBe(400);
    }
    expect((await server.api(admin.token, 'GET', `/api/users/${encodeURIComponent('has space')}`)).status).toBe(400);
    expect((await server.api(admin.token, 'GET', '/api/users/nobody-with-this-id')).status).toBe(404);
  });
});

describe('provisioning and claims', () => {
  it('provisions an unknown user from a token with a name, and refuses one without', async () => {
    const nameless = await me(await hostToken({ userId: 'host-nameless', role: 'EMPLOYEE', email: 'x@school.test' }));
    expect(nameless.status).toBe(401);
    expect(await storedUser('host-nameless')).toBeUndefined();
    const token = await hostToken({
      userId: 'host-new',
      role: 'EMPLOYEE',
      name: 'New Person',
      email: 'New.Person@School.test',
      avatarUrl: 'https://school.test/a.png',
    });
    // Two first requests at once: one user.
    const [first, second] = await Promise.all([me(token), me(token)]);
    expect(first.body.data.user).toEqual({
      id: 'host-new',
      name: 'New Person',
      email: 'new.person@school.test',
      role: 'EMPLOYEE',
      avatarUrl: 'https://school.test/a.png',
      isActive: true,
    });
    expect(second.body.data.user.id).toBe('host-new');
  });

  it('validates claims like any other input', async () => {
    for (const claims of [
      { userId: 'host-bad-1', role: 'EMPLOYEE', name: 'Bad Mail', email: 'not an email' },
      { userId: 'host-bad-2', role: 'EMPLOYEE', name: ' ' },
      { userId: 'host-bad-3', role: 'EMPLOYEE', name: 'x'.repeat(101) },
      { userId: 'host-bad-4', role: 'EMPLOYEE', name: 'Bad Avatar', avatarUrl: 'javascript:alert(1)' },
      { userId: 'host-bad-5', role: 'SUPERUSER', name: 'Bad Role' },
    ]) {
      expect((await me(await hostToken(claims))).status, JSON.stringify(claims)).toBe(401);
      expect(await storedUser(claims.userId)).toBeUndefined();
    }
  });

  it('applies newer claims (name, e-mail, avatar, role), writes nothing when nothing changed, and acts with the stored role', async () => {
    const issued = nowSeconds();
    const asAdmin = await hostToken({ userId: 'host-rita', role: 'ADMIN', name: 'Rita', email: 'rita@school.test' }, issued);
    expect((await me(asAdmin)).body.data.user.role).toBe('ADMIN');
    const before = await storedUser('host-rita');
    expect((await me(asAdmin)).status).toBe(200);
    expect(await storedUser('host-rita')).toEqual(before); // same claims: no write

    // The host renames and demotes her; her next token says so.
    const demoted = await hostToken({ userId: 'host-rita', role: 'EMPLOYEE', name: 'Rita Sharma', email: 'rita@school.test' }, issued + 2);
    expect((await me(demoted)).body.data.user).toMatchObject({ name: 'Rita Sharma', role: 'EMPLOYEE' });
    // The older token still carrying ADMIN cannot undo it, and acts as an employee.
    expect((await me(asAdmin)).body.data.user).toMatchObject({ name: 'Rita Sharma', role: 'EMPLOYEE' });
    const group = await server.api(asAdmin, 'POST', '/api/chats', { type: 'GROUP', name: 'Not allowed', participantIds: [] });
    expect(group.status).toBe(403);
    expect(await storedUser('host-rita')).toMatchObject({ name: 'Rita Sharma', role: 'EMPLOYEE' });
  });

  it('an admin sync is newer than every token issued before it', async () => {
    const issued = nowSeconds() - 5;
    const token = await hostToken({ userId: 'host-sunil', role: 'ADMIN', name: 'Sunil' }, issued);
    expect((await me(token)).status).toBe(200);
    const put = await server.api<{ user: User }>(admin.token, 'PUT', '/api/users/host-sunil', { name: 'Sunil Rao', role: 'EMPLOYEE' });
    expect(put.status).toBe(200);
    expect(put.body.data.user).toMatchObject({ name: 'Sunil Rao', role: 'EMPLOYEE' });
    expect((await me(token)).body.data.user).toMatchObject({ name: 'Sunil Rao', role: 'EMPLOYEE' });
    expect((await server.api(token, 'POST', '/api/chats', { type: 'GROUP', name: 'No', participantIds: [] })).status).toBe(403);
    // A token issued after the sync is the newest word again.
    const later = await hostToken({ userId: 'host-sunil', role: 'ADMIN', name: 'Sunil Rao' }, nowSeconds() + 2);
    expect((await me(later)).body.data.user.role).toBe('ADMIN');
  });
});

describe('sync from the host backend', () => {
  it('PUT /api/users/:id creates (201), updates (200), keeps fields left out, and is for ADMIN users only', async () => {
    const created = await server.api<{ user: User }>(admin.token, 'PUT', '/api/users/emp-100', {
      name: 'Meena',
      email: 'meena@school.test',
      role: 'EMPLOYEE',
      avatarUrl: 'https://school.test/meena.png',
    });
    expect(created.status).toBe(201);
    const updated = await server.api<{ user: User }>(admin.token, 'PUT', '/api/users/emp-100', { name: 'Meena Iyer', role: 'EMPLOYEE' });
    expect(updated.status).toBe(200);
    expect(updated.body.data.user).toMatchObject({
      name: 'Meena Iyer',
      email: 'meena@school.test',
      avatarUrl: 'https://school.test/meena.png',
      isActive: true,
    });
    const employee = await hostToken({ userId: 'emp-100', role: 'EMPLOYEE', name: 'Meena Iyer' });
    expect((await server.api(employee, 'PUT', '/api/users/emp-101', { name: 'X', role: 'ADMIN' })).status).toBe(403);
    expect(await storedUser('emp-101')).toBeUndefined();
    for (const body of [{ role: 'EMPLOYEE' }, { name: 'X', role: 'BOSS' }, { name: 'X', role: 'EMPLOYEE', email: 'nope' }]) {
      expect((await server.api(admin.token, 'PUT', '/api/users/emp-102', body)).status, JSON.stringify(body)).toBe(400);
    }
    const taken = await server.api(admin.token, 'PUT', '/api/users/emp-103', {
      name: 'Copy',
      role: 'EMPLOYEE',
      email: 'MEENA@school.test',
    });
    expect(taken.status).toBe(409);
  });

  it('POST /api/users/sync upserts up to 1,000 users, counts what it did, and changes nothing when one fails', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ id: `bulk-${i}`, name: `Bulk ${i}`, role: 'EMPLOYEE' }));
    const first = await server.api(admin.token, 'POST', '/api/users/sync', { users });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ created: 1000, updated: 0, unchanged: 0 });
    users[1]!.name = 'Bulk One';
    users[2]!.role = 'ADMIN';
    const second = await server.api(admin.token, 'POST', '/api/users/sync', { users });
    expect(second.body.data).toEqual({ created: 0, updated: 2, unchanged: 998 });

    const tooMany = [...users, { id: 'bulk-1000', name: 'One too many', role: 'EMPLOYEE' }];
    expect((await server.api(admin.token, 'POST', '/api/users/sync', { users: tooMany })).status).toBe(400);
    const twice = [users[0], users[0]];
    expect((await server.api(admin.token, 'POST', '/api/users/sync', { users: twice })).status).toBe(400);
    // One e-mail belongs to another account: the whole call changes nothing.
    const failing = await server.api(admin.token, 'POST', '/api/users/sync', {
      users: [
        { id: 'bulk-0', name: 'Renamed', role: 'EMPLOYEE' },
        { id: 'bulk-new', name: 'Clash', role: 'EMPLOYEE', email: admin.user.email },
      ],
    });
    expect(failing.status).toBe(409);
    expect(await storedUser('bulk-0')).toMatchObject({ name: 'Bulk 0' });
    expect(await storedUser('bulk-new')).toBeUndefined();
  }, 90_000);
});

describe('deactivation', () => {
  it('refuses the tokens, closes the sockets within a second, hides from the directory, keeps the messages; re-activation restores', async () => {
    const token = await hostToken({ userId: 'emp-leaving', role: 'EMPLOYEE', name: 'Leaving Person', email: 'leaving@school.test' });
    expect((await me(token)).status).toBe(200);
    const chat = await server.api<{ chat: Chat }>(admin.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: 'emp-leaving' });
    const leaver = { user: (await me(token)).body.data.user, token, password: '' };
    await send(server, leaver, chat.body.data.chat.id, 'My last report is uploaded');
    const socket = await server.connect(token);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const deactivatedAt = Date.now();
    const put = await server.api<{ user: User }>(admin.token, 'PUT', '/api/users/emp-leaving', {
      name: 'Leaving Person',
      role: 'EMPLOYEE',
      active: false,
    });
    expect(put.body.data.user.isActive).toBe(false);
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - deactivatedAt).toBeLessThan(1000);

    expect((await me(token)).status).toBe(401);
    // A token issued later still cannot sign them back in: only the host's sync re-activates.
    expect((await me(await hostToken({ userId: 'emp-leaving', role: 'EMPLOYEE', name: 'Leaving Person' }, nowSeconds() + 5))).status).toBe(
      401,
    );
    await expect(server.connect(token)).rejects.toThrow('UNAUTHORIZED');
    const directory = await server.api<{ users: DirectoryUser[] }>(admin.token, 'GET', '/api/users?q=Leaving');
    expect(directory.body.data.users).toEqual([]);
    const profile = await server.api<{ user: DirectoryUser }>(admin.token, 'GET', '/api/users/emp-leaving');
    expect(profile.body.data.user).toMatchObject({ name: 'Leaving Person', isActive: false });
    const messages = await history(server, admin, chat.body.data.chat.id);
    expect(messages.find((m) => m.content === 'My last report is uploaded')?.sender).toMatchObject({
      id: 'emp-leaving',
      name: 'Leaving Person',
    });
    const details = await server.api<{ chat: Chat }>(admin.token, 'GET', `/api/chats/${chat.body.data.chat.id}`);
    expect(details.body.data.chat.participants.find((p) => p.id === 'emp-leaving')?.isActive).toBe(false);
    const newGroup = await server.api(admin.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'With a leaver',
      participantIds: ['emp-leaving'],
    });
    expect(newGroup.status).toBe(400);

    const back = await server.api(admin.token, 'POST', '/api/users/sync', {
      users: [{ id: 'emp-leaving', name: 'Leaving Person', role: 'EMPLOYEE', active: true }],
    });
    expect(back.body.data).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await me(token)).status).toBe(200);
    (await server.connect(token)).disconnect();
  });
});
