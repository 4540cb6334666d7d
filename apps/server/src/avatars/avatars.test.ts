import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, Recipient, User } from '@samvad/protocol';
import { nextEvent, startTestServer, type ClientSocket, type TestServer, type TestUser } from '../test/harness.js';
import { download, makeJpegWithExif, makePdf, makePng } from '../files/test/fixtures.js';

let server: TestServer;
let asha: TestUser; // ADMIN, admin of the group
let priya: TestUser; // member of the group, in a one-on-one with Asha
let ravi: TestUser; // shares nothing with anyone
let group: Chat;
let direct: Chat;

interface Answer<T> {
  status: number;
  body: { data: T; error: { code: string } };
}

async function putPicture<T>(token: string, route: string, fileName: string, bytes: Buffer): Promise<Answer<T>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const response = await fetch(`${server.url}${route}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
}

const storedPictures = () => {
  const dir = path.join(server.app.ctx.config.dataDir, 'files', 'avatars');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  ravi = await server.createUser('Ravi');
  group = (
    await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', {
      type: 'GROUP',
      name: 'Site team',
      participantIds: [priya.user.id],
    })
  ).body.data.chat;
  direct = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

describe('profile pictures', () => {
  it('a JPEG becomes a clean 256 px square and a 64 px variant; the new URL reaches the lists, messages and a member’s socket', async () => {
    const priyaSocket: ClientSocket = await server.connect(priya.token);
    const pushed = nextEvent(priyaSocket, 'userUpdated', ({ user }) => user.id === asha.user.id && user.avatarUrl !== null);
    const answer = await putPicture<{ user: User }>(asha.token, '/api/users/me/avatar', 'me.jpg', await makeJpegWithExif());
    expect(answer.status).toBe(200);
    const url = answer.body.data.user.avatarUrl!;
    expect(url).toMatch(new RegExp(`^/api/users/${asha.user.id}/avatar\\?v=[0-9a-f-]{36}$`));
    expect((await pushed).user.avatarUrl).toBe(url);

    // Any signed-in user sees it (Ravi shares no chat with Asha); the version makes it cacheable for good.
    const large = await download(server, ravi.token, url);
    expect(large.status).toBe(200);
    expect(large.headers.get('content-type')).toBe('image/webp');
    expect(large.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(large.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(large.bytes.includes('SECRET-MARKER')).toBe(false);
    const small = await download(server, ravi.token, `${url}&size=64`);
    expect(await sharp(small.bytes).metadata()).toMatchObject({ width: 64, height: 64 });
    expect((await download(server, null, url)).status).toBe(401);

    const priyaChats = (await server.api<{ chats: Chat[] }>(priya.token, 'GET', '/api/chats')).body.data.chats;
    expect(priyaChats.find((c) => c.id === direct.id)?.avatarUrl).toBe(url);
    expect(priyaChats.find((c) => c.id === group.id)?.participants.find((p) => p.id === asha.user.id)?.avatarUrl).toBe(url);
    const sent = (await server.api<{ message: Message }>(asha.token, 'POST', `/api/chats/${group.id}/messages`, { content: 'hello' })).body
      .data.message;
    expect(sent.sender.avatarUrl).toBe(url);
    const priyas = (await server.api<{ message: Message }>(priya.token, 'POST', `/api/chats/${group.id}/messages`, { content: 'hi' })).body
      .data.message;
    const info = await server.api<{ recipients: Recipient[] }>(priya.token, 'GET', `/api/messages/${priyas.id}/info`);
    expect(info.body.data.recipients.find((r) => r.userId === asha.user.id)?.avatarUrl).toBe(url);
    const me = (await server.api<{ user: User }>(asha.token, 'GET', '/api/auth/me')).body.data.user;
    expect(me.avatarUrl).toBe(url);
    priyaSocket.disconnect();
  });

  it('a new picture replaces the old (a new version, the old objects removed); removing it falls back to initials', async () => {
    const first = await putPicture<{ user: User }>(priya.token, '/api/users/me/avatar', 'a.png', await makePng(300, 200));
    expect(first.status).toBe(200);
    const stored = storedPictures();
    const second = await putPicture<{ user: User }>(priya.token, '/api/users/me/avatar', 'b.png', await makePng(200, 300));
    expect(second.body.data.user.avatarUrl).not.toBe(first.body.data.user.avatarUrl);
    expect(storedPictures()).toHaveLength(stored.length);
    expect((await download(server, asha.token, first.body.data.user.avatarUrl!)).headers.get('cache-control')).not.toContain('immutable');

    const removed = await server.api<{ user: User }>(priya.token, 'DELETE', '/api/users/me/avatar');
    expect(removed.status).toBe(200);
    expect(removed.body.data.user.avatarUrl).toBeNull();
    expect(storedPictures()).toHaveLength(stored.length - 2);
    expect((await download(server, asha.token, `/api/users/${priya.user.id}/avatar`)).status).toBe(404);
  });

  it('refuses what is not an image by its bytes (415), documents by their name (415), and more than 10 MB (413)', async () => {
    const before = storedPictures();
    const fake = await putPicture(ravi.token, '/api/users/me/avatar', 'me.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await putPicture(ravi.token, '/api/users/me/avatar', 'cv.pdf', makePdf())).status).toBe(415);
    const huge = Buffer.concat([await makePng(10, 10), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const tooBig = await putPicture(ravi.token, '/api/users/me/avatar', 'huge.png', huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(storedPictures()).toEqual(before);
    const me = (await server.api<{ user: User }>(ravi.token, 'GET', '/api/auth/me')).body.data.user;
    expect(me.avatarUrl).toBeNull();
  });
});

describe('group pictures', () => {
  it('a group admin sets it: members see it in the chat and on their sockets, with a notice; outsiders get 404', async () => {
    const priyaSocket = await server.connect(priya.token);
    const updated = nextEvent(priyaSocket, 'chatUpdated', (chat) => chat.id === group.id && chat.avatarUrl !== null);
    const notice = nextEvent(priyaSocket, 'newMessage', (m) => m.chatId === group.id && m.messageType === 'SYSTEM');
    const answer = await putPicture<{ chat: Chat }>(asha.token, `/api/chats/${group.id}/avatar`, 'team.png', await makePng(800, 400));
    expect(answer.status).toBe(200);
    const url = answer.body.data.chat.avatarUrl!;
    expect(url).toMatch(new RegExp(`^/api/chats/${group.id}/avatar\\?v=`));
    expect((await updated).avatarUrl).toBe(url);
    expect((await notice).content).toBe('Asha changed the group picture');

    const picture = await download(server, priya.token, url);
    expect(picture.status).toBe(200);
    expect(await sharp(picture.bytes).metadata()).toMatchObject({ width: 256, height: 256 });
    const outsider = await download(server, ravi.token, url);
    expect(outsider.status).toBe(404);
    priyaSocket.disconnect();
  });

  it('a plain member cannot set or remove it (403), nor anyone a one-on-one chat’s; an outsider gets 404', async () => {
    const png = await makePng(100, 100);
    const member = await putPicture(priya.token, `/api/chats/${group.id}/avatar`, 'mine.png', png);
    expect(member.status).toBe(403);
    expect((await server.api(priya.token, 'DELETE', `/api/chats/${group.id}/avatar`)).status).toBe(403);
    expect((await putPicture(asha.token, `/api/chats/${direct.id}/avatar`, 'us.png', png)).status).toBe(403);
    expect((await putPicture(ravi.token, `/api/chats/${group.id}/avatar`, 'intruder.png', png)).status).toBe(404);
    expect((await server.api(ravi.token, 'DELETE', `/api/chats/${group.id}/avatar`)).status).toBe(404);
    const chat = (await server.api<{ chat: Chat }>(priya.token, 'GET', `/api/chats/${group.id}`)).body.data.chat;
    expect(chat.avatarUrl).not.toBeNull();
  });

  it('the admin removes it: the initials come back for everyone', async () => {
    const removed = await server.api<{ chat: Chat }>(asha.token, 'DELETE', `/api/chats/${group.id}/avatar`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.chat.avatarUrl).toBeNull();
    const chat = (await server.api<{ chat: Chat }>(priya.token, 'GET', `/api/chats/${group.id}`)).body.data.chat;
    expect(chat.avatarUrl).toBeNull();
  });
});
