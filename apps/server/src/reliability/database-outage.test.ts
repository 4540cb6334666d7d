/**
 * PostgreSQL going away (connections cut, new ones refused for a while): sends get a clear error
 * acknowledgement — never a false success — and work again afterwards without a restart.
 * Only meaningful against a PostgreSQL server (the embedded database lives in the process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Chat, Message } from '@samvad/protocol';
import { startTestServer, usePostgres, type TestServer, type TestUser } from '../test/harness.js';

describe.runIf(usePostgres())('database outage', () => {
  let server: TestServer;
  let asha: TestUser;
  let priya: TestUser;
  let chat: Chat;
  let admin: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    server = await startTestServer();
    asha = await server.createUser('Asha', 'ADMIN');
    priya = await server.createUser('Priya');
    chat = (await server.api<{ chat: Chat }>(asha.token, 'POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: priya.user.id })).body
      .data.chat;
    dbName = ((await server.database.db.execute('select current_database() as name' as never)) as unknown as { rows: { name: string }[] })
      .rows[0]!.name;
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`alter database ${dbName} allow_connections true`).catch(() => {});
    await admin.end();
    await server.close();
  });

  it('answers UNAVAILABLE while the database is gone and recovers by itself', async () => {
    const socket = await server.connect(asha.token);
    const before = await socket
      .timeout(5000)
      .emitWithAck('sendMessage', { chatId: chat.id, content: 'before', clientId: crypto.randomUUID() });
    expect(before.success).toBe(true);

    await admin.query(`alter database ${dbName} allow_connections false`);
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [dbName]);
    const duringIds = Array.from({ length: 5 }, () => crypto.randomUUID());
    for (const clientId of duringIds) {
      const ack = await socket.timeout(10_000).emitWithAck('sendMessage', { chatId: chat.id, content: 'during', clientId });
      expect(ack.success).toBe(false);
      expect(ack.error.code).toBe('UNAVAILABLE');
    }
    const rest = await server.api(asha.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(rest.status).toBe(503);
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(503);

    await admin.query(`alter database ${dbName} allow_connections true`);
    // The same client ids succeed now: nothing was half-stored during the outage.
    for (const clientId of duringIds) {
      const ack = await socket.timeout(10_000).emitWithAck('sendMessage', { chatId: chat.id, content: 'during', clientId });
      expect(ack.success).toBe(true);
    }
    const { body } = await server.api<{ messages: Message[] }>(asha.token, 'GET', `/api/chats/${chat.id}/messages`);
    expect(body.data.messages.map((m) => m.content)).toEqual(['before', 'during', 'during', 'during', 'during', 'during']);
    expect((await server.api(null, 'GET', '/api/health')).status).toBe(200);
  }, 60_000);
});
