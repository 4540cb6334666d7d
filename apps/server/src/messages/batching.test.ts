/**
 * Batched sends and receipts under real concurrency. Both batches lock membership rows, in
 * (chat, user) order; a batch that failed (a deadlock, found after a one-second stall) would log
 * "falling back" and resend one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Message } from '@samvad/protocol';
import { emitWithAck, sleep, startTestServer, usePostgres, type ClientSocket, type TestServer, type TestUser } from '../test/harness.js';
import { createGroupChat, history } from '../test/factories.js';
import { query } from '../db/client.js';
import { sql } from 'drizzle-orm';

const warnings: string[] = [];
let server: TestServer;
let members: TestUser[];

beforeAll(async () => {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  server = await startTestServer({ logger });
  members = [];
  for (const name of ['Asha', 'Priya', 'Ravi', 'Meera', 'Arjun', 'Omar', 'Lata', 'Kiran']) {
    members.push(await server.createUser(name, name === 'Asha' ? 'ADMIN' : 'EMPLOYEE'));
  }
});
afterAll(() => server.close());

describe('batched sends and receipts together', () => {
  it('commit every message and receipt in batches, without a batch failing, while members send and read at once', async () => {
    const [admin, ...rest] = members as [TestUser, ...TestUser[]];
    const group = await createGroupChat(server, admin, 'Busy group', rest);
    const sockets = await Promise.all(members.map((m) => server.connect(m.token)));
    const receipts: Promise<unknown>[] = [];
    sockets.forEach((socket: ClientSocket, i) =>
      socket.on('newMessage', (m: Message) => {
        if (m.sender?.id !== members[i]!.user.id && m.messageType === 'TEXT')
          receipts.push(emitWithAck(socket, i % 2 ? 'messageRead' : 'messageDelivered', { messageId: m.id }));
      }),
    );
    const perMember = 25;
    // In waves, so send batches and receipt batches for the same rows overlap.
    const acks = await Promise.all(
      Array.from({ length: perMember * members.length }, async (_, n) => {
        await sleep(Math.floor(n / members.length) * 4);
        return emitWithAck<{ success: boolean }>(sockets[n % members.length]!, 'sendMessage', {
          chatId: group.id,
          content: `message ${n}`,
        });
      }),
    );
    expect(acks.every((a) => a.success)).toBe(true);
    const expected = perMember * members.length * (members.length - 1);
    await expect.poll(() => receipts.length, { timeout: 10_000 }).toBe(expected);
    const receiptAcks = (await Promise.all(receipts)) as { success: boolean }[];
    expect(receiptAcks.every((a) => a.success)).toBe(true);
    const texts = (await history(server, admin, group.id)).filter((m) => m.messageType === 'TEXT');
    expect(texts.length).toBeGreaterThanOrEqual(50); // one page; the count below is exact
    const all = await server.api<{ chat: { lastMessage: Message } }>(admin.token, 'GET', `/api/chats/${group.id}`);
    expect(all.body.data.chat.lastMessage.seq).toBe(1 + perMember * members.length);
    expect(warnings.filter((w) => w.includes('falling back'))).toEqual([]);
  });

  // Needs other connections holding locks while the batch runs: PostgreSQL only.
  it.runIf(usePostgres())('a send batch locks membership rows in user order, as a receipt batch does: no deadlock', async () => {
    const [admin, one, two, three] = members as [TestUser, TestUser, TestUser, TestUser];
    const group = await createGroupChat(server, admin, 'Lock order', [one, two]);
    const other = await createGroupChat(server, admin, 'Other', [three]);
    const [low, high] = [one, two].sort((a, b) => (a.user.id < b.user.id ? -1 : 1)) as [TestUser, TestUser];
    const pg = (await import('pg')).default;
    const url = (server.database as { url?: string }).url;
    const gate = new pg.Client({ connectionString: url });
    const receipt = new pg.Client({ connectionString: url });
    await Promise.all([gate.connect(), receipt.connect()]);
    const waitingLocks = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const rows = await query(
          server.database.db,
          sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        );
        if (rows.length >= n) return;
        await sleep(10);
      }
      throw new Error('no waiting lock seen');
    };
    try {
      // A receipt batch in flight holds the lower member's row.
      await receipt.query('begin');
      await receipt.query('select 1 from chat_participants where chat_id = $1 and user_id = $2 for no key update', [group.id, low.user.id]);
      // Hold the batcher on another chat so the next two sends land in one batch, higher user first.
      await gate.query('begin');
      await gate.query('select 1 from chats where id = $1 for update', [other.id]);
      const [adminSocket, highSocket, lowSocket] = await Promise.all([admin, high, low].map((u) => server.connect(u.token)));
      const held = emitWithAck<{ success: boolean }>(adminSocket!, 'sendMessage', { chatId: other.id, content: 'gate' });
      await waitingLocks(1);
      const sends = [highSocket!, lowSocket!].map((socket, i) =>
        emitWithAck<{ success: boolean }>(socket, 'sendMessage', { chatId: group.id, content: `together ${i}` }),
      );
      await sleep(50);
      await gate.query('commit');
      await waitingLocks(1); // the batch waits for the lower member's row
      // The receipt batch now wants the higher member's row: free, since the send batch waits
      // before taking it. Locked in arrival order instead, this would deadlock.
      await receipt.query("set lock_timeout = '3s'");
      await receipt.query('select 1 from chat_participants where chat_id = $1 and user_id = $2 for no key update', [
        group.id,
        high.user.id,
      ]);
      await receipt.query('commit');
      expect((await held).success).toBe(true);
      expect((await Promise.all(sends)).map((a) => a.success)).toEqual([true, true]);
      expect(warnings.filter((w) => w.includes('falling back'))).toEqual([]);
    } finally {
      await Promise.all([gate.end(), receipt.end()]);
    }
  });
});
