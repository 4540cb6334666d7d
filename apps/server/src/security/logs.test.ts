import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Chat } from '@samvad/protocol';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let server: TestServer;
let asha: TestUser;

beforeAll(async () => {
  server = await startTestServer({ logger: pino({ level: 'info' }, sink) });
  asha = await server.createUser('Asha', 'ADMIN');
});
afterAll(() => server.close().catch(() => {}));

describe('logs', () => {
  it('are structured JSON with request ids, and never contain tokens or message content', async () => {
    const priya = await server.createUser('Priya');
    const chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id }))
      .body.data.chat;
    await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'TOP-SECRET-CONTENT' });
    // Take the database away so the next requests fail and get logged as errors.
    await server.database.close();
    const failed = await server.api(asha.token, 'POST', `/api/chats/${chat.id}/messages`, { content: 'TOP-SECRET-CONTENT' });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const requestId = failed.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 50));
    const text = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(text).toContain(requestId);
    expect(text).not.toContain(asha.token);
    expect(text).not.toContain(asha.token.split('.')[2]);
    expect(text).not.toContain('TOP-SECRET-CONTENT');
  });
});
