/**
 * Web Push (issue 14): the server's notifications as a device receives them. A push service of our
 * own listens on loopback, records what arrives and decrypts it with the device's private key
 * (RFC 8291, by http_ece, the reference implementation), and checks the VAPID signature (RFC 8292).
 * The collapse window is long and each test flushes it, so what was sent is known exactly.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';
import { importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushNotificationPayload } from '@samvad/protocol';
import { createDirectChat, createGroupChat, send } from '../test/factories.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

interface Delivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A push service on loopback: answers 201, or what `answers` says for a path. */
async function startPushService() {
  const deliveries: Delivery[] = [];
  const answers = new Map<string, number>();
  const service = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.get(req.url ?? '') ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  return { origin, deliveries, answers, close: () => new Promise<void>((resolve) => service.close(() => resolve())) };
}

/** A browser profile's push keys: what PushSubscription.toJSON() gives, and the private half to decrypt. */
function makeDevice(endpoint: string) {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16).toString('base64url');
  return {
    subscription: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey('base64url'), auth } },
    decrypt: (body: Buffer) =>
      JSON.parse(
        ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
      ) as PushNotificationPayload,
  };
}

describe('Web Push', () => {
  let server: TestServer;
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  let asha: TestUser, bina: TestUser, chetan: TestUser;
  let binaPhone: ReturnType<typeof makeDevice>;
  let deviceCounter = 0;
  const newDevice = () => makeDevice(`${pushService.origin}/device-${++deviceCounter}`);
  const subscribe = async (user: TestUser, device: ReturnType<typeof makeDevice>) => {
    const res = await server.api(user.token, 'POST', '/api/push/subscriptions', device.subscription);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const deliveriesTo = (device: ReturnType<typeof makeDevice>) =>
    pushService.deliveries.filter((d) => `${pushService.origin}${d.path}` === device.subscription.endpoint);
  const flush = () => server.app.ctx.webPush.flush();

  beforeAll(async () => {
    pushService = await startPushService();
    server = await startTestServer({ env: { PUSH_COLLAPSE_MS: '60000', VAPID_SUBJECT: 'mailto:ops@school.test' } });
    asha = await server.createUser('Asha Admin', 'ADMIN');
    bina = await server.createUser('Bina Field');
    chetan = await server.createUser('Chetan Field');
    binaPhone = newDevice();
    await subscribe(bina, binaPhone);
  });
  afterAll(async () => {
    await server?.close();
    await pushService?.close();
  });
  beforeEach(async () => {
    await flush(); // nothing of an earlier test is left waiting
    pushService.deliveries.length = 0;
  });

  it('sends an encrypted, VAPID-signed notification to a member with no connected socket', async () => {
    const chat = await createDirectChat(server, asha, bina);
    const message = await send(server, asha, chat.id, 'Please upload the Class 5 assessment photos');
    await flush();

    const [delivery, ...more] = deliveriesTo(binaPhone);
    expect(more).toEqual([]);
    expect(delivery!.headers['content-encoding']).toBe('aes128gcm');
    expect(delivery!.headers['ttl']).toBe('86400');
    expect(delivery!.headers['urgency']).toBe('high');
    expect(delivery!.headers['topic']).toBe(chat.id.replace(/-/g, ''));
    expect(delivery!.body.toString('utf8')).not.toContain('assessment'); // encrypted on the wire

    expect(binaPhone.decrypt(delivery!.body)).toEqual({
      kind: 'messages',
      chatId: chat.id,
      messageId: message.id,
      count: 1,
      title: 'Asha Admin',
      body: 'Please upload the Class 5 assessment photos',
      tag: `chat-${chat.id}`,
      url: `/chat?chat=${chat.id}`,
      sentAt: message.createdAt,
    });

    // VAPID: signed by the key GET /api/push/key gives, for this push service, naming the subject.
    const key = await server.api<{ publicKey: string }>(bina.token, 'GET', '/api/push/key');
    const [, token, k] = /^vapid t=([^,]+), k=(.+)$/.exec(String(delivery!.headers['authorization']))!;
    expect(k).toBe(key.body.data.publicKey);
    const point = Buffer.from(k!, 'base64url');
    const publicKey = await importJWK(
      { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      'ES256',
    );
    const { payload } = await jwtVerify(token!, publicKey, { audience: pushService.origin });
    expect(payload.sub).toBe('mailto:ops@school.test');
  });

  it('collapses several messages of one chat into one notification per device, and reaches every device', async () => {
    const binaLaptop = newDevice();
    await subscribe(bina, binaLaptop);
    const chat = await createDirectChat(server, asha, bina);
    await send(server, asha, chat.id, 'First');
    await send(server, asha, chat.id, 'Second');
    await send(server, asha, chat.id, 'Third and last');
    await flush();

    for (const device of [binaPhone, binaLaptop]) {
      const deliveries = deliveriesTo(device);
      expect(deliveries).toHaveLength(1);
      expect(device.decrypt(deliveries[0]!.body)).toMatchObject({ count: 3, title: 'Asha Admin', body: 'Third and last' });
    }
    const removed = await server.api(bina.token, 'DELETE', '/api/push/subscriptions', { endpoint: binaLaptop.subscription.endpoint });
    expect(removed.status).toBe(200);
  });

  it('names the group and the sender; nothing to the sender, to a connected member, or for a muted chat without a mention', async () => {
    const ashaPhone = newDevice();
    await subscribe(asha, ashaPhone);
    const chetanPhone = newDevice();
    await subscribe(chetan, chetanPhone);
    const group = await createGroupChat(server, asha, 'Block B visits', [bina, chetan]);
    const chetanSocket = await server.connect(chetan.token);
    const mute = await server.api(bina.token, 'PUT', `/api/chats/${group.id}`, { isMuted: true });
    expect(mute.status).toBe(200);

    await send(server, asha, group.id, 'Van leaves at 9');
    await flush();
    expect(pushService.deliveries).toEqual([]); // Bina muted it, Chetan is connected, Asha sent it

    await send(server, asha, group.id, '@Bina can you bring the forms?');
    await flush();
    expect(pushService.deliveries).toHaveLength(1);
    expect(binaPhone.decrypt(deliveriesTo(binaPhone)[0]!.body)).toMatchObject({
      title: 'Block B visits',
      body: 'Asha Admin: @Bina can you bring the forms?',
      count: 1,
    });

    // Chetan's socket goes: now he is reached, a photo reads as one.
    chetanSocket.disconnect();
    await expect.poll(async () => (await server.app.ctx.presence.connectedAmong([chetan.user.id])).size).toBe(0);
    await send(server, bina, group.id, 'Here is the gate');
    await flush();
    expect(chetanPhone.decrypt(deliveriesTo(chetanPhone)[0]!.body)).toMatchObject({ body: 'Bina Field: Here is the gate' });
  });

  it('follows the settings: off sends nothing, no preview hides who and what', async () => {
    const chat = await createDirectChat(server, chetan, bina);
    expect((await server.api(bina.token, 'PUT', '/api/me/settings', { notificationPreview: false })).status).toBe(200);
    await send(server, chetan, chat.id, 'Salary slip attached');
    await flush();
    const hidden = binaPhone.decrypt(deliveriesTo(binaPhone)[0]!.body);
    expect(hidden).toMatchObject({ title: 'Samvad', body: 'New message', chatId: chat.id });
    expect(JSON.stringify(hidden)).not.toContain('Salary');
    expect(JSON.stringify(hidden)).not.toContain('Chetan');

    pushService.deliveries.length = 0;
    expect((await server.api(bina.token, 'PUT', '/api/me/settings', { desktopNotifications: false })).status).toBe(200);
    await send(server, chetan, chat.id, 'Another one');
    await flush();
    expect(pushService.deliveries).toEqual([]);
    await server.api(bina.token, 'PUT', '/api/me/settings', { desktopNotifications: true, notificationPreview: true });
  });

  it('sends nothing to a removed member, and forgets an endpoint the push service calls gone (410)', async () => {
    const dina = await server.createUser('Dina Field');
    const dinaPhone = newDevice();
    await subscribe(dina, dinaPhone);
    const group = await createGroupChat(server, asha, 'Short-lived', [dina, bina]);
    expect((await server.api(asha.token, 'DELETE', `/api/chats/${group.id}/participants/${dina.user.id}`)).status).toBe(200);
    await send(server, asha, group.id, 'After Dina left');
    await flush();
    expect(deliveriesTo(dinaPhone)).toEqual([]);
    expect(deliveriesTo(binaPhone)).toHaveLength(1);

    const goneDevice = newDevice();
    await subscribe(bina, goneDevice);
    pushService.answers.set(new URL(goneDevice.subscription.endpoint).pathname, 410);
    await send(server, asha, group.id, 'One');
    await flush();
    expect(deliveriesTo(goneDevice)).toHaveLength(1);
    await send(server, asha, group.id, 'Two');
    await flush();
    expect(deliveriesTo(goneDevice)).toHaveLength(1); // not tried again
    expect(deliveriesTo(binaPhone)).toHaveLength(3);
  });

  it('sends nothing to a deactivated user', async () => {
    const emma = await server.createUser('Emma Field');
    const emmaPhone = newDevice();
    await subscribe(emma, emmaPhone);
    const chat = await createDirectChat(server, asha, emma);
    const off = await server.api(asha.token, 'PUT', `/api/users/${encodeURIComponent(emma.user.id)}`, {
      name: 'Emma Field',
      role: 'EMPLOYEE',
      active: false,
    });
    expect(off.status).toBe(200);
    await send(server, asha, chat.id, 'Are you there?');
    await flush();
    expect(deliveriesTo(emmaPhone)).toEqual([]);
  });

  it('accepts only push services as endpoints, validates keys, and lets a user remove only their own device', async () => {
    const valid = newDevice().subscription;
    const refused = async (body: unknown) => (await server.api(bina.token, 'POST', '/api/push/subscriptions', body)).status;
    expect(await refused({ ...valid, endpoint: 'https://internal.example.com/admin' })).toBe(400);
    expect(await refused({ ...valid, endpoint: 'http://fcm.googleapis.com/fcm/send/abc' })).toBe(400);
    expect(await refused({ ...valid, endpoint: 'https://fcm.googleapis.com:8443/fcm/send/abc' })).toBe(400);
    expect(await refused({ ...valid, keys: { ...valid.keys, auth: 'short' } })).toBe(400);
    expect(await refused({ ...valid, keys: { ...valid.keys, p256dh: 'not base64!'.repeat(8) } })).toBe(400);
    expect(await refused({ ...valid, endpoint: 'https://fcm.googleapis.com/fcm/send/abc' })).toBe(201);
    expect(await refused({ ...valid, endpoint: 'https://web.push.apple.com/QGuk' })).toBe(201);
    expect((await server.api(null, 'POST', '/api/push/subscriptions', valid)).status).toBe(401);
    expect((await server.api(null, 'GET', '/api/push/key')).status).toBe(401);

    // Chetan cannot unsubscribe Bina's phone; Bina can.
    const chat = await createDirectChat(server, asha, bina);
    expect(
      (await server.api(chetan.token, 'DELETE', '/api/push/subscriptions', { endpoint: binaPhone.subscription.endpoint })).status,
    ).toBe(200);
    await send(server, asha, chat.id, 'Still reaches Bina');
    await flush();
    expect(deliveriesTo(binaPhone)).toHaveLength(1);
    expect((await server.api(bina.token, 'DELETE', '/api/push/subscriptions', { endpoint: binaPhone.subscription.endpoint })).status).toBe(
      200,
    );
    await send(server, asha, chat.id, 'No longer');
    await flush();
    expect(deliveriesTo(binaPhone)).toHaveLength(1);
    await subscribe(bina, binaPhone);
  });

  it('moves a shared device to whoever subscribes it last', async () => {
    const sharedTablet = newDevice();
    await subscribe(chetan, sharedTablet);
    await subscribe(bina, sharedTablet);
    const chat = await createDirectChat(server, asha, chetan);
    await send(server, asha, chat.id, 'For Chetan only');
    await flush();
    expect(deliveriesTo(sharedTablet)).toEqual([]);
  });
});
