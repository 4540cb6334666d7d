/**
 * Voice messages (issue 14): an AUDIO upload is checked by its bytes (one audio track of Opus in
 * WebM/Ogg or AAC in MP4), measured by the server (length, waveform), limited to 5 minutes and
 * 10 MB, and then travels like any other file: authorization, forwarding, replies, deletion.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUDIO_BYTES, WAVEFORM_BARS, type Attachment, type Chat, type Message } from '@samvad/protocol';
import { query } from '../db/client.js';
import { emitWithAck, nextEvent, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { download, makePng, upload, voiceFixture } from './test/fixtures.js';

let server: TestServer;
let asha: TestUser;
let priya: TestUser;
let outsider: TestUser;
let chat: Chat;
let otherChat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha', 'ADMIN');
  priya = await server.createUser('Priya');
  outsider = await server.createUser('Outsider');
  const create = async (token: string, participantId: string) =>
    (await server.api<{ chat: Chat }>(token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId })).body.data.chat;
  chat = await create(asha.token, priya.user.id);
  otherChat = await create(asha.token, outsider.user.id);
});
afterAll(() => server.close());

const send = (token: string, chatId: string, body: Record<string, unknown>) =>
  server.api<{ message: Message }>(token, 'POST', `/api/chats/${chatId}/messages`, body);

const uploadVoice = (fileName: string, bytes: Buffer, fields: Record<string, string> = {}) =>
  upload(server, asha.token, chat.id, fileName, bytes, 'audio/webm', fields);

const average = (levels: number[]) => levels.reduce((a, b) => a + b, 0) / levels.length;
/** The fixtures' thirds: quiet (10 %), loud (100 %), nearly silent (2 %); the bars at the joins are left out. */
const thirds = (waveform: number[]) => {
  const third = WAVEFORM_BARS / 3;
  return [0, 1, 2].map((i) => average(waveform.slice(i * third + 1, (i + 1) * third - 1)));
};

const attachmentCount = async () => (await query<{ n: number }>(server.app.ctx.db, sql`select count(*)::int as n from attachments`))[0]!.n;
const tempFiles = () => {
  const dir = path.join(server.app.ctx.config.dataDir, 'tmp', 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('measuring a voice recording', () => {
  it.each([
    ['Opus in WebM (Chromium, Firefox)', 'voice.webm', 'tone.webm', 'audio/webm'],
    ['Opus in Ogg (Firefox)', 'voice.ogg', 'tone.ogg', 'audio/ogg'],
  ] as const)('%s: length and a decoded waveform that follows the sound', async (_what, name, fixture, mimeType) => {
    const bytes = voiceFixture(fixture);
    const res = await uploadVoice(name, bytes);
    expect(res.status).toBe(201);
    const { attachment } = res.body.data;
    expect(attachment).toMatchObject({ mimeType, fileName: name, fileSize: bytes.length, thumbnailUrl: null, width: null, height: null });
    expect(attachment.durationMs).toBeGreaterThanOrEqual(2950);
    expect(attachment.durationMs).toBeLessThanOrEqual(3100);
    expect(attachment.waveform).toHaveLength(WAVEFORM_BARS);
    const [quiet, loud, silent] = thirds(attachment.waveform!);
    expect(loud).toBeGreaterThan(90);
    expect(quiet).toBeGreaterThan(5);
    expect(quiet).toBeLessThan(20); // a tenth of the loud part's level
    expect(silent).toBeLessThan(5);
    const stored = await download(server, asha.token, attachment.fileUrl);
    expect(stored.bytes.equals(bytes)).toBe(true); // kept byte for byte
    expect(stored.headers.get('content-type')).toBe(mimeType);
  });

  it.each([
    ['AAC in MP4 (Safari)', 'tone.m4a'],
    ['AAC in fragmented MP4', 'frag.m4a'],
  ] as const)('%s: length from the sample tables, a waveform from the packet sizes', async (_what, fixture) => {
    const res = await uploadVoice('voice.m4a', voiceFixture(fixture));
    expect(res.status).toBe(201);
    const { attachment } = res.body.data;
    expect(attachment.mimeType).toBe('audio/mp4');
    expect(attachment.durationMs).toBeGreaterThanOrEqual(2950);
    expect(attachment.durationMs).toBeLessThanOrEqual(3100);
    expect(attachment.waveform).toHaveLength(WAVEFORM_BARS);
    const [quiet, loud, silent] = thirds(attachment.waveform!);
    expect(Math.max(quiet!, loud!)).toBeGreaterThan(silent! * 3); // the coder spends bits on sound, few on silence
  });

  it('keeps a well-formed waveform the recorder sent (brought to its bar count), and ignores a claimed length', async () => {
    const levels = Array.from({ length: 96 }, (_, i) => (i < 48 ? 10 : 80));
    const res = await uploadVoice('voice.webm', voiceFixture('tone.webm'), { waveform: JSON.stringify(levels), durationMs: '1000' });
    const { attachment } = res.body.data;
    expect(attachment.waveform).toEqual(Array.from({ length: WAVEFORM_BARS }, (_, i) => (i < WAVEFORM_BARS / 2 ? 10 : 80)));
    expect(attachment.durationMs).toBeGreaterThan(2900);
  });

  it.each([
    ['not JSON', 'loud'],
    ['too few levels', '[1,2,3]'],
    ['levels above 100', JSON.stringify(Array(48).fill(250))],
    ['fractions', JSON.stringify(Array(48).fill(0.5))],
    ['not a list', '{"0":1}'],
  ])('computes its own waveform when the sent one is %s', async (_what, waveform) => {
    const { attachment } = (await uploadVoice('voice.webm', voiceFixture('tone.webm'), { waveform })).body.data;
    const [quiet, loud] = thirds(attachment.waveform!);
    expect(loud).toBeGreaterThan(quiet! * 4);
  });
});

describe('refusing what is not a voice recording', () => {
  const refusals: [string, string, () => Buffer | Promise<Buffer>, number, RegExp][] = [
    ['a WebM with a video track', 'clip.webm', () => voiceFixture('video.webm'), 415, /one audio track/],
    ['Vorbis in Ogg', 'old.ogg', () => voiceFixture('vorbis.ogg'), 415, /content \(ogg\) does not match/],
    ['a PNG named .webm', 'voice.webm', () => makePng(20, 20), 415, /does not match/],
    ['AAC named .webm', 'voice.webm', () => voiceFixture('tone.m4a'), 415, /does not match/],
    ['a WebM cut after its header', 'voice.webm', () => voiceFixture('tone.webm').subarray(0, 200), 415, /no sound|cut off|damaged/],
    ['5 min 10 s of recording', 'long.webm', () => voiceFixture('long.webm'), 413, /at most 5 minutes/],
  ];
  it.each(refusals)('%s: %d, and nothing is kept', async (_what, name, make, status, message) => {
    const before = await attachmentCount();
    const res = await uploadVoice(name, await make());
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(await attachmentCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('413 past 10 MB, while the bytes arrive', async () => {
    const head = voiceFixture('tone.webm');
    const res = await uploadVoice('voice.webm', Buffer.concat([head, Buffer.alloc(MAX_AUDIO_BYTES + 1 - head.length)]));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('Voice messages can be at most 10 MB');
    expect(tempFiles()).toEqual([]);
  });

  it('a non-member cannot upload into the chat (nor learn it exists)', async () => {
    const res = await upload(server, outsider.token, chat.id, 'voice.webm', voiceFixture('tone.webm'));
    expect(res.status).toBe(404);
  });
});

describe('sending a voice message', () => {
  let voice: Attachment;
  let sent: Message;

  beforeAll(async () => {
    voice = (await uploadVoice('Voice message.webm', voiceFixture('tone.webm'))).body.data.attachment;
  });

  it('reaches the other member as AUDIO with its length and waveform; only members can download it', async () => {
    expect((await download(server, priya.token, voice.fileUrl)).status).toBe(404); // not sent yet
    const priyaSocket = await server.connect(priya.token);
    const arriving = nextEvent(priyaSocket, 'newMessage');
    const ashaSocket = await server.connect(asha.token);
    const ack = await emitWithAck<{ success: boolean; message: Message }>(ashaSocket, 'sendMessage', {
      chatId: chat.id,
      attachmentId: voice.attachmentId,
      messageType: 'AUDIO',
      clientId: 'voice-1',
    });
    expect(ack.success).toBe(true);
    sent = await arriving;
    expect(sent).toMatchObject({
      messageType: 'AUDIO',
      content: null,
      fileUrl: voice.fileUrl,
      fileName: 'Voice message.webm',
      mimeType: 'audio/webm',
      durationMs: voice.durationMs,
      waveform: voice.waveform,
    });
    const file = await download(server, priya.token, sent.fileUrl!);
    expect(file.status).toBe(200);
    // Clients that predate AUDIO get a file to download (its name and type say what it is).
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Voice message.webm"/);
    expect((await download(server, outsider.token, sent.fileUrl!)).status).toBe(404);

    const listed = (await server.api<{ chats: Chat[] }>(priya.token, 'GET', '/api/chats')).body.data.chats.find((c) => c.id === chat.id)!;
    expect(listed.lastMessage).toMatchObject({ messageType: 'AUDIO', durationMs: voice.durationMs });
    const history = (await server.api<{ messages: Message[] }>(priya.token, 'GET', `/api/chats/${chat.id}/messages`)).body.data.messages;
    expect(history.find((m) => m.id === sent.id)).toMatchObject({ messageType: 'AUDIO', waveform: voice.waveform });
  });

  it('says what the attachment is when the declared type does not match', async () => {
    const photo = (await upload(server, asha.token, chat.id, 'p.png', await makePng(10, 10))).body.data.attachment;
    const wrong = await send(asha.token, chat.id, { attachmentId: photo.attachmentId, messageType: 'AUDIO' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/an image/);
    const other = (await uploadVoice('v.webm', voiceFixture('tone.webm'))).body.data.attachment;
    const asImage = await send(asha.token, chat.id, { attachmentId: other.attachmentId, messageType: 'IMAGE' });
    expect(asImage.body.error.message).toMatch(/a voice message/);
    expect((await send(asha.token, chat.id, { messageType: 'AUDIO', content: 'no file' })).status).toBe(400);
  });

  it('can be replied to, forwarded (still AUDIO), not edited, and deleted for everyone', async () => {
    const reply = await send(priya.token, chat.id, { content: 'Heard it', replyToId: sent.id });
    expect(reply.body.data.message.replyTo).toMatchObject({ id: sent.id, messageType: 'AUDIO', content: null });

    const forwarded = await server.api<{ messages: Message[] }>(asha.token, 'POST', `/api/messages/${sent.id}/forward`, {
      chatIds: [otherChat.id],
    });
    expect(forwarded.status).toBe(201);
    const copy = forwarded.body.data.messages[0]!;
    expect(copy).toMatchObject({ messageType: 'AUDIO', isForwarded: true, durationMs: voice.durationMs, waveform: voice.waveform });
    expect((await download(server, outsider.token, copy.fileUrl!)).status).toBe(200);

    const edit = await server.api(asha.token, 'PUT', `/api/messages/${sent.id}`, { content: 'text' });
    expect(edit.status).toBe(400);
    expect(edit.body.error?.message).toMatch(/Only text messages can be edited/);

    const info = await server.api<{ recipients: unknown[] }>(asha.token, 'GET', `/api/messages/${sent.id}/info`);
    expect(info.status).toBe(200);

    const deleted = await server.api<{ message: Message }>(asha.token, 'DELETE', `/api/messages/${sent.id}?for=everyone`);
    expect(deleted.status).toBe(200);
    const history = (await server.api<{ messages: Message[] }>(priya.token, 'GET', `/api/chats/${chat.id}/messages`)).body.data.messages;
    expect(history.find((m) => m.id === sent.id)).toMatchObject({ isDeleted: true, fileUrl: null, durationMs: null, waveform: null });
  });
});
