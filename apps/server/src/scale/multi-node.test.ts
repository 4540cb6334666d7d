/**
 * Several processes as one (CONTRACT §1 REDIS_URL, §7): three real server processes share one
 * PostgreSQL database (fresh for this file) and one Redis (under a key prefix of their own).
 * Runs only when both DATABASE_URL and REDIS_URL are set, in the PostgreSQL project.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from '@samvad/protocol';
import { collect, emitWithAck, nextEvent, openTestDatabase, sleep, usePostgres, type ClientSocket } from '../test/harness.js';
import type { Database } from '../db/client.js';
import { api, connectTo, startCluster, type Cluster } from './cluster.js';

const enabled = usePostgres() && !!process.env.REDIS_URL;

interface Person {
  id: string;
  name: string;
  token: string;
}

describe.runIf(enabled)('several processes sharing PostgreSQL and Redis', () => {
  let database: Database & { url?: string };
  let cluster: Cluster;
  let A: string, B: string, C: string;
  let admin: Person, asha: Person, priya: Person, ravi: Person, meera: Person, kiran: Person;
  const sockets: ClientSocket[] = [];
  const open = async (url: string, who: Person) => {
    const socket = await connectTo(url, who.token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    cluster = await startCluster({
      databaseUrl: database.url!,
      redisUrl: process.env.REDIS_URL!,
      nodes: 3,
      // Failed logins are limited low to test that the count is shared (successful logins cost nothing).
      env: { ADMIN_EMAIL: 'admin@cluster.test', ADMIN_PASSWORD: 'admin-password-1', RATE_LIMIT_LOGINS_PER_MIN: '5' },
    });
    [A, B, C] = cluster.nodes.map((n) => n.url) as [string, string, string];
    const login = await api<{ token: string; user: { id: string; name: string } }>(A, null, 'POST', '/api/auth/login', {
      email: 'admin@cluster.test',
      password: 'admin-password-1',
    });
    admin = { id: login.data.user.id, name: login.data.user.name, token: login.data.token };
    const make = async (name: string): Promise<Person> => {
      const email = `${name.toLowerCase()}.${crypto.randomBytes(3).toString('hex')}@cluster.test`;
      const created = await api<{ user: { id: string } }>(B, admin.token, 'POST', '/api/users', {
        name,
        email,
        password: 'password-123',
        role: 'EMPLOYEE',
      });
      expect(created.status).toBe(201);
      const session = await api<{ token: string }>(C, null, 'POST', '/api/auth/login', { email, password: 'password-123' });
      return { id: created.data.user.id, name, token: session.data.token };
    };
    [asha, priya, ravi, meera, kiran] = await Promise.all(['Asha', 'Priya', 'Ravi', 'Meera', 'Kiran'].map(make));
  }, 180_000); // a safety net: three server processes start and migrate, 10–18 s here

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.stop();
    await database?.close();
  }, 30_000);

  const directChat = async (a: Person, b: Person, url = A) =>
    (await api<{ chat: Chat }>(url, a.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: b.id })).data.chat;

  it('reports redis in the health check', async () => {
    for (const url of [A, B, C]) {
      const health = await api<{ status: string; redis: string }>(url, null, 'GET', '/api/health');
      expect(health.data).toMatchObject({ status: 'ok', redis: 'ok' });
    }
  });

  it('delivers one-on-one messages and receipts across processes', async () => {
    const chat = await directChat(asha, priya, B);
    const ashaOnA = await open(A, asha);
    const priyaOnB = await open(B, priya);
    const arriving = nextEvent(priyaOnB, 'newMessage', (m) => m.chatId === chat.id);
    const ack = await emitWithAck<{ success: boolean; messageId: string }>(ashaOnA, 'sendMessage', {
      chatId: chat.id,
      content: 'hello from A',
    });
    expect(ack.success).toBe(true);
    expect((await arriving).id).toBe(ack.messageId);

    const delivered = nextEvent(ashaOnA, 'messageStatusUpdated', (e) => e.chatId === chat.id && e.status === 'DELIVERED');
    await emitWithAck(priyaOnB, 'messageDelivered', { messageId: ack.messageId });
    expect(await delivered).toMatchObject({ upToSeq: 1, userId: priya.id });
    const read = nextEvent(ashaOnA, 'messageStatusUpdated', (e) => e.chatId === chat.id && e.status === 'READ');
    await emitWithAck(priyaOnB, 'messageRead', { messageId: ack.messageId });
    expect(await read).toMatchObject({ upToSeq: 1, userId: priya.id });
  });

  it('fans a group out to members on every process, and stops at once for a removed member', async () => {
    const created = await api<{ chat: Chat }>(C, admin.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'Cluster group',
      participantIds: [asha.id, priya.id, ravi.id],
    });
    const group = created.data.chat;
    const ashaOnA = await open(A, asha);
    const priyaOnB = await open(B, priya);
    const raviOnC = await open(C, ravi);
    const atRavi = collect(raviOnC, 'newMessage');
    const atAsha = collect(ashaOnA, 'newMessage');
    for (let i = 0; i < 5; i++) {
      const ack = await emitWithAck<{ success: boolean }>(priyaOnB, 'sendMessage', { chatId: group.id, content: `group ${i}` });
      expect(ack.success).toBe(true);
    }
    await expect.poll(() => atRavi.filter((m) => m.chatId === group.id && m.messageType === 'TEXT').length).toBe(5);
    await expect.poll(() => atAsha.filter((m) => m.chatId === group.id && m.messageType === 'TEXT').length).toBe(5);
    const seqs = atRavi.filter((m) => m.chatId === group.id).map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));

    // Removed through node A; Ravi's socket lives on node C.
    const removed = nextEvent(raviOnC, 'participantRemoved', (e) => e.chatId === group.id && e.userId === ravi.id);
    const removal = await api(A, admin.token, 'DELETE', `/api/chats/${group.id}/participants/${ravi.id}`);
    expect(removal.status).toBeLessThan(300);
    await removed;
    const before = atRavi.length;
    const typingAtRavi = collect(raviOnC, 'userTyping');
    await emitWithAck(priyaOnB, 'typing', { chatId: group.id, isTyping: true });
    const after = await emitWithAck<{ success: boolean }>(priyaOnB, 'sendMessage', { chatId: group.id, content: 'not for Ravi' });
    expect(after.success).toBe(true);
    await expect.poll(() => atAsha.some((m) => m.content === 'not for Ravi')).toBe(true);
    await sleep(300);
    expect(atRavi.slice(before).filter((m) => m.chatId === group.id)).toHaveLength(0);
    expect(typingAtRavi).toHaveLength(0);
    const refused = await emitWithAck<{ success: boolean; error: { code: string } }>(raviOnC, 'sendMessage', {
      chatId: group.id,
      content: 'x',
    });
    expect(refused.error.code).toBe('FORBIDDEN');
  });

  it('shares typing across processes: one start, one stop after the timeout', async () => {
    const chat = await directChat(asha, priya);
    const ashaOnA = await open(A, asha);
    const ashaOnC = await open(C, asha);
    const priyaOnB = await open(B, priya);
    const started = collect(priyaOnB, 'userTyping');
    const stopped = collect(priyaOnB, 'userStoppedTyping');
    await emitWithAck(ashaOnA, 'typing', { chatId: chat.id, isTyping: true });
    await sleep(1000);
    // The same user keeps typing from another tab on another process: no second start.
    await emitWithAck(ashaOnC, 'typing', { chatId: chat.id, isTyping: true });
    await expect.poll(() => started.filter((e) => e.chatId === chat.id).length).toBe(1);
    await sleep(4500); // past node A's timer, before node C's
    expect(stopped.filter((e) => e.chatId === chat.id)).toHaveLength(0);
    await expect.poll(() => stopped.filter((e) => e.chatId === chat.id).length, { timeout: 3000 }).toBe(1);
    expect(started.filter((e) => e.chatId === chat.id)).toHaveLength(1);
    await sleep(300);
    expect(stopped.filter((e) => e.chatId === chat.id)).toHaveLength(1);
  }, 60_000); // a safety net: ~6.5 s here, 5 s of it the typing timeout itself

  it('keeps a user with tabs on two processes online until the last tab goes', async () => {
    await directChat(asha, meera);
    const ashaOnA = await open(A, asha);
    const online = collect(ashaOnA, 'userOnline');
    const offline = collect(ashaOnA, 'userOffline');
    const tab1 = await open(B, meera);
    await expect.poll(() => online.filter((e) => e.userId === meera.id).length).toBe(1);
    const tab2 = await open(C, meera);
    const seen = await api<{ user: { isOnline: boolean } }>(A, asha.token, 'GET', `/api/users/${meera.id}`);
    expect(seen.data.user.isOnline).toBe(true);
    tab1.disconnect();
    await sleep(400);
    expect(offline.filter((e) => e.userId === meera.id)).toHaveLength(0);
    expect((await api<{ user: { isOnline: boolean } }>(B, asha.token, 'GET', `/api/users/${meera.id}`)).data.user.isOnline).toBe(true);
    tab2.disconnect();
    await expect.poll(() => offline.filter((e) => e.userId === meera.id).length).toBe(1);
    expect(online.filter((e) => e.userId === meera.id)).toHaveLength(1);
    const gone = await api<{ user: { isOnline: boolean } }>(C, asha.token, 'GET', `/api/users/${meera.id}`);
    expect(gone.status).toBe(200);
    expect(gone.data.user.isOnline).toBe(false);
  });

  it('deactivation by the host reaches every process: sockets elsewhere closed within a second, tokens refused everywhere', async () => {
    const secret = new TextEncoder().encode('cluster-test-secret-long-enough');
    const token = await new SignJWT({ userId: 'host-emp-7', role: 'EMPLOYEE', name: 'Host Seven' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);
    const seven: Person = { id: 'host-emp-7', name: 'Host Seven', token };
    const onB = await open(B, seven);
    const onC = await open(C, seven);
    const closed = [onB, onC].map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    const started = Date.now();
    const put = await api<{ user: { isActive: boolean } }>(A, admin.token, 'PUT', '/api/users/host-emp-7', {
      name: 'Host Seven',
      role: 'EMPLOYEE',
      active: false,
    });
    expect(put.data.user.isActive).toBe(false);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const url of [A, B, C]) {
      expect((await api(url, token, 'GET', '/api/auth/me')).status).toBe(401);
      await expect(connectTo(url, token)).rejects.toThrow('UNAUTHORIZED');
    }
  });

  it('counts failed logins across processes: once locked, the right password is refused on every process', async () => {
    const email = `guarded.${crypto.randomBytes(3).toString('hex')}@cluster.test`;
    const created = await api(A, admin.token, 'POST', '/api/users', {
      name: 'Guarded',
      email,
      password: 'right-password-1',
      role: 'EMPLOYEE',
    });
    expect(created.status).toBe(201);
    const login = (url: string, password: string) => api(url, null, 'POST', '/api/auth/login', { email, password });
    for (const url of [A, B, C, A, B]) expect((await login(url, 'wrong-guess')).status).toBe(401);
    for (const url of [A, B, C]) {
      const refused = await login(url, 'right-password-1');
      expect(refused.status).toBe(429);
      expect(refused.error?.code).toBe('RATE_LIMITED');
    }
  });

  it('survives a process killed mid-traffic: clients move, catch up, nothing lost or doubled', async () => {
    const chat = await directChat(kiran, asha);
    const ashaOnA = await open(A, asha);
    const ashaLive = collect(ashaOnA, 'newMessage');
    const ashaToken0 = (await api<{ next: string }>(A, asha.token, 'GET', '/api/sync')).data.next;
    const kiranToken0 = (await api<{ next: string }>(C, kiran.token, 'GET', '/api/sync')).data.next;
    let kiranSocket = await open(C, kiran);
    const kiranLive = collect(kiranSocket, 'newMessage');
    const total = 120;
    const acked = new Map<string, string>(); // clientId → messageId
    const clientIds = Array.from({ length: total }, () => crypto.randomUUID());
    const send = (socket: ClientSocket, i: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 2000);
        socket.emit('sendMessage', { chatId: chat.id, content: `m${i}`, clientId: clientIds[i] }, ((ack: {
          success: boolean;
          messageId: string;
        }) => {
          clearTimeout(timer);
          if (ack.success) acked.set(clientIds[i]!, ack.messageId);
          resolve(ack.success);
        }) as never);
      });
    // Asha also talks, from node A, while node C dies.
    const ashaSends = (async () => {
      for (let i = 0; i < 40; i++) {
        await emitWithAck(ashaOnA, 'sendMessage', { chatId: chat.id, content: `asha ${i}` });
        await sleep(10);
      }
    })();
    let i = 0;
    for (; i < total / 2; i++) {
      void send(kiranSocket, i);
      await sleep(5);
    }
    cluster.nodes[2]!.child.kill('SIGKILL');
    for (; i < total; i++) void send(kiranSocket, i); // these go nowhere
    await sleep(300);
    // Kiran's client reconnects to another process and retries whatever was not acknowledged.
    kiranSocket = await open(B, kiran);
    for (let j = 0; j < total; j++) if (!acked.has(clientIds[j]!)) expect(await send(kiranSocket, j)).toBe(true);
    await ashaSends;
    expect(acked.size).toBe(total);

    // The chat holds each clientId once, seqs 1..n without gaps.
    const all: Message[] = [];
    for (let page = 1; ; page++) {
      const res = await api<{ messages: Message[]; pagination: { hasMore: boolean } }>(
        A,
        asha.token,
        'GET',
        `/api/chats/${chat.id}/messages?limit=100&page=${page}`,
      );
      all.push(...res.data.messages);
      if (!res.data.pagination.hasMore) break;
    }
    const fromKiran = all.filter((m) => m.sender.id === kiran.id);
    expect(fromKiran).toHaveLength(total);
    expect(new Set(fromKiran.map((m) => m.clientId)).size).toBe(total);
    expect(all.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: all.length }, (_, k) => k + 1));

    // Both sides catch up with GET /api/sync from the token they had before the crash.
    const catchUp = async (url: string, person: Person, since: string) => {
      const got: Message[] = [];
      let token = since;
      for (;;) {
        const res = await api<{ messages: Message[]; next: string; hasMore: boolean }>(
          url,
          person.token,
          'GET',
          `/api/sync?since=${encodeURIComponent(token)}`,
        );
        got.push(...res.data.messages);
        token = res.data.next;
        if (!res.data.hasMore) return got;
      }
    };
    for (const [url, person, since, live] of [
      [A, asha, ashaToken0, ashaLive],
      [B, kiran, kiranToken0, kiranLive],
    ] as const) {
      const synced = (await catchUp(url, person, since)).filter((m) => m.chatId === chat.id);
      expect(new Set(synced.map((m) => m.id)).size).toBe(synced.length);
      const known = new Set([...live.filter((m) => m.chatId === chat.id).map((m) => m.id), ...synced.map((m) => m.id)]);
      expect(known.size).toBe(all.length);
      expect([...known].sort()).toEqual(all.map((m) => m.id).sort());
    }
  }, 30_000);
});
