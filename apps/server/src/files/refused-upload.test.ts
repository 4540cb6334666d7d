/**
 * A refused upload's answer reaches the client (issue 13.14): plain `fetch` in another process reads
 * the 404 / 413 and its JSON body instead of a network error (EPIPE, ECONNRESET), and a client that
 * sends `Expect: 100-continue` is refused before it sends its body.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '@samvad/protocol';
import { LINGER_LIMITS } from '../http/early-answers.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { makePng } from './test/fixtures.js';

let server: TestServer;
let asha: TestUser;
let outsider: TestUser;
let chat: Chat;

beforeAll(async () => {
  server = await startTestServer();
  asha = await server.createUser('Asha');
  const priya = await server.createUser('Priya');
  outsider = await server.createUser('Outsider');
  chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
    .data.chat;
});
afterAll(() => server.close());

type Answer = { status: number; body: { success: boolean; error: { code: string; message: string } } } | { error: string };

/** `times` uploads of `size` bytes by `fetch` in a child process; its answers in order. */
async function fetchUploads(user: TestUser, size: number, times: number): Promise<Answer[]> {
  const client = path.join(import.meta.dirname, 'test/fetch-upload-client.ts');
  const url = `${server.url}/api/chats/${chat.id}/upload`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', client, url, user.token, String(size), String(times)]);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Answer);
}

describe('a refused upload is answered readably', () => {
  // Before lingering close about one small refused upload in seven (and nearly every 11 MB one) ended in EPIPE.
  it('404 with its JSON body for a small upload by someone who is not in the chat, every time', async () => {
    const answers = await fetchUploads(outsider, 256 * 1024, 20);
    expect(answers).toHaveLength(20);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 404, body: { success: false, error: { code: 'NOT_FOUND' } } });
    }
  }, 60_000);

  it('401 with its JSON body for an 11 MB upload with a token that is not valid', async () => {
    const answers = await fetchUploads({ ...asha, token: 'not-a-token' }, 11 * 1024 * 1024, 5);
    expect(answers).toHaveLength(5);
    for (const answer of answers) expect(answer).toMatchObject({ status: 401, body: { success: false, error: { code: 'UNAUTHORIZED' } } });
  }, 60_000);

  it('413 with its JSON body for an 11 MB image, though the client is still sending when it is refused', async () => {
    const answers = await fetchUploads(asha, 11 * 1024 * 1024, 5);
    expect(answers).toHaveLength(5);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 413, body: { success: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
      expect('body' in answer && answer.body.error.message).toMatch(/10 MB/);
    }
  }, 60_000);
});

describe('Expect: 100-continue', () => {
  /** Sends the head with `Expect: 100-continue` and the body only when told to continue. */
  function expectingUpload(token: string, bytes: Buffer, declaredLength?: number) {
    const boundary = 'samvadboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]);
    return new Promise<{ status: number; continued: boolean; body: { error?: { code: string } } }>((resolve, reject) => {
      let continued = false;
      const req = http.request(`${server.url}/api/chats/${chat.id}/upload`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(declaredLength ?? body.length),
          expect: '100-continue',
        },
      });
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, continued, body: JSON.parse(text) as { error?: { code: string } } }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  it('refuses someone who is not in the chat, and a declared length over the limit, before the body is sent', async () => {
    const png = await makePng(10, 10);
    const notMember = await expectingUpload(outsider.token, png);
    expect(notMember).toMatchObject({ status: 404, continued: false, body: { error: { code: 'NOT_FOUND' } } });
    const tooLong = await expectingUpload(asha.token, png, 30 * 1024 * 1024);
    expect(tooLong).toMatchObject({ status: 413, continued: false, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('asks a member for the body and stores it', async () => {
    const stored = await expectingUpload(asha.token, await makePng(10, 10));
    expect(stored).toMatchObject({ status: 201, continued: true });
  });
});

describe('the discarding is bounded', () => {
  /**
   * A raw client that sends an outsider's upload (chunked) and then, as a hostile client may, ignores
   * the answer and the server's FIN: it goes quiet, or sends without end. Resolves with the server's
   * side of the connection once the server has closed it.
   */
  async function hostileUpload(endless: boolean) {
    const serverSide = new Promise<net.Socket>((resolve) => server.app.server.once('connection', resolve));
    const client = net.connect({ port: Number(new URL(server.url).port), host: '127.0.0.1', allowHalfOpen: true });
    client.on('error', () => undefined); // writing into the closed connection fails at the end
    client.write(
      `POST /api/chats/${chat.id}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${outsider.token}\r\n` +
        'Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const socket = await serverSide;
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    const answeredAt = await new Promise<number>((resolve) => {
      let answer = '';
      client.on('data', (chunk: Buffer) => {
        answer += chunk.toString();
        if (answer.includes('"NOT_FOUND"')) resolve(Date.now());
      });
    });
    if (endless) {
      const chunk = Buffer.concat([Buffer.from(`${(1024 * 1024).toString(16)}\r\n`), Buffer.alloc(1024 * 1024), Buffer.from('\r\n')]);
      const pump = () => {
        while (!client.destroyed && client.write(chunk));
      };
      client.on('drain', pump);
      pump();
    }
    const closedAt = await closed;
    client.destroy();
    return { closedAfterMs: closedAt - answeredAt, bytesRead: socket.bytesRead };
  }

  it('closes a connection that goes quiet after its upload was refused', async () => {
    const { closedAfterMs } = await hostileUpload(false);
    expect(closedAfterMs).toBeGreaterThanOrEqual(LINGER_LIMITS.idleMs - 100);
    expect(closedAfterMs).toBeLessThan(LINGER_LIMITS.idleMs + 1000);
  });

  it('stops discarding past the byte bound', async () => {
    const { bytesRead } = await hostileUpload(true);
    expect(bytesRead).toBeGreaterThan(LINGER_LIMITS.bytes);
    expect(bytesRead).toBeLessThan(LINGER_LIMITS.bytes + 4 * 1024 * 1024);
  }, 60_000);
});
