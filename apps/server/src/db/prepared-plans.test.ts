/**
 * The hot path's prepared statements get generic plans: made once per connection, without seeing
 * the parameters, and on a new deployment while the tables are still empty (where the planner
 * sees ties between indexes). Each must still be index look-ups by full key: a plan that probed a
 * chat's members or messages by chat alone would get slower with every member and message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PREPARED_CONNECTION_OPTIONS, type Database, type PreparedStatement } from './client.js';
import { SEND_BATCH } from '../messages/send-batch.js';
import { MEMBER_POSITIONS, RECEIPT_BATCH, SENDERS_WITH_MESSAGES } from '../receipts/batch.js';
import { openTestDatabase, usePostgres } from '../test/harness.js';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/** "index(columns)" for each index scan: the indexed columns its condition fixes. */
const indexLookups = (nodes: PlanNode[]) =>
  nodes
    .filter((n) => n['Index Name'])
    .map((n) => `${n['Index Name']}(${[...(n['Index Cond'] ?? '').matchAll(/\((\w+) [=<>]/g)].map((m) => m[1]).join(', ')})`)
    .sort();

const expected: [PreparedStatement, string[]][] = [
  [
    SEND_BATCH,
    [
      'chat_participants_chat_id_user_id_pk(chat_id)', // unhidden: every member of a chat written to, once per batch
      'chat_participants_chat_id_user_id_pk(chat_id, user_id)',
      'chats_pkey(id)',
      'chats_pkey(id)',
      'messages_sender_client_id_key(sender_id, client_id)',
      'users_pkey(id)',
    ],
  ],
  [
    RECEIPT_BATCH,
    [
      'chat_participants_chat_id_user_id_pk(chat_id, user_id)',
      'chat_participants_chat_id_user_id_pk(chat_id, user_id)',
      'chat_participants_chat_id_user_id_pk(chat_id, user_id)',
      'message_hides_user_id_message_id_pk(user_id, message_id)',
      'messages_pkey(id)',
    ],
  ],
  [MEMBER_POSITIONS, ['chat_participants_chat_id_user_id_pk(chat_id)', 'chats_pkey(id)']],
  [SENDERS_WITH_MESSAGES, ['messages_chat_seq_key(chat_id, seq, seq)']],
];

describe.runIf(usePostgres())('plans of the prepared statements', () => {
  let database: Database & { url?: string };
  let client: pg.Client;

  beforeAll(async () => {
    database = await openTestDatabase();
    client = new pg.Client({ connectionString: database.url, options: PREPARED_CONNECTION_OPTIONS });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.close();
  });

  it.each(expected.map(([statement, lookups]) => ({ name: statement.name, statement, lookups })))(
    '$name: index look-ups by full key, no scans of whole tables, no hash or merge joins',
    async ({ statement, lookups }) => {
      const parameters = Math.max(...[...statement.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      await client.query(`prepare ${statement.name} as ${statement.text}`);
      const explained = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `explain (format json) execute ${statement.name}(${Array(parameters).fill('null').join(', ')})`,
      );
      const nodes = flatten(explained.rows[0]!['QUERY PLAN'][0].Plan);
      const types = nodes.map((n) => n['Node Type']);
      expect(types).not.toContain('Seq Scan');
      expect(types).not.toContain('Bitmap Heap Scan');
      expect(types).not.toContain('Hash Join');
      expect(types).not.toContain('Merge Join');
      expect(indexLookups(nodes)).toEqual(lookups);
    },
  );
});
