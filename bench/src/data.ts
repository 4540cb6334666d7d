/**
 * The `data` scenario: read latency at volume. Loads 1,000,000 messages over 2,000 chats and 500
 * users into a fresh PostgreSQL database (migrated by the server's own openDatabase), then times
 * the server's own read functions (listMessages, searchMessages, listChats) against it, and
 * EXPLAINs (ANALYZE, BUFFERS) the SQL they run. Figures are server-side: the service call,
 * including its round trips to PostgreSQL, without HTTP.
 *
 * Shape: user 0 ("the viewer") is in chats 0..499; chat 0 is a group of 5 holding 200,000
 * messages; the other 1,999 chats hold 400 or 401 each. Every chat has receipt watermarks and a
 * few unread messages. Text comes from a word list; "meeting" is in every 10th message, the rare
 * word "zephyrine" in a handful.
 */
import { performance } from 'node:perf_hooks';
import { createBenchDatabase } from './database.js';
import pg from 'pg';
import type { AppContext, AuthUser } from '../../apps/server/src/context.js';
import { openDatabase } from '../../apps/server/src/db/client.js';
import { listMessages } from '../../apps/server/src/messages/service.js';
import { searchMessages } from '../../apps/server/src/search/service.js';
import { listChats } from '../../apps/server/src/chats/read-model.js';
import { summarize, type Summary } from './stats.js';

export interface DataSettings {
  users: number;
  chats: number;
  messages: number;
  bigChat: number;
  viewerChats: number;
  iterations: number;
  log: (line: string) => void;
}

export interface QueryResult {
  name: string;
  target: number;
  ms: Summary;
  ok: boolean;
  statements: { sql: string; plan: string }[];
}

export interface DataResult {
  load: { seconds: number; users: number; chats: number; messages: number; databaseMb: number };
  queries: QueryResult[];
}

const WORDS = (
  'the a to and of in is it you that for on with this we be at are have not can will do so just but ' +
  'what all about when up out if your please thanks ok yes no sure maybe today tomorrow yesterday ' +
  'morning evening lunch coffee office team project report deadline budget client call email ' +
  'update review draft plan design code build release test bug fix server database screen phone ' +
  'laptop invoice order payment delivery shipment warehouse stock price quote contract signed ' +
  'approved pending urgent later soon now here there again great good fine nice awesome done ' +
  'working started finished sending sent received check look see think know need want help ' +
  'question answer idea note list file photo document slides agenda minutes notes travel ticket ' +
  'hotel flight train car parking leave holiday weekend monday tuesday wednesday thursday friday'
).split(' ');

/** Deterministic ids: UUIDs for chats and messages, the same in text form for users (user ids are text). */
const uid = (prefix: string, i: string) => `md5('${prefix}' || ${i})::uuid${prefix === 'u' ? '::text' : ''}`;

/** The whole load, in SQL. Foreign-key triggers are skipped (session_replication_role) and the
 * secondary message indexes built after the rows, several times faster than inserting through them. */
async function load(client: pg.Client, s: DataSettings): Promise<void> {
  const rest = s.chats - 1;
  const per = Math.floor((s.messages - s.bigChat) / rest);
  const extra = s.messages - s.bigChat - per * rest; // chats 1..extra get one more
  const run = async (label: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await client.query(text, params);
    s.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  await client.query(`set session_replication_role = replica`);
  await client.query(`select setseed(0.42)`);
  await run(
    'users',
    `insert into users (id, name, email, role)
     select ${uid('u', 'i')}, 'Data user ' || i, 'data' || i || '@bench.local', case when i = 0 then 'ADMIN' else 'EMPLOYEE' end
     from generate_series(0, $1::int - 1) i`,
    [s.users],
  );
  // Every 4th chat (and chat 0) is a group of 5; the others are one-on-one. The viewer is in chats < viewerChats.
  await run(
    'chats',
    `insert into chats (id, type, name, created_by_id, direct_key, last_seq, created_at, updated_at)
     select ${uid('c', 'i')}, case when i % 4 = 0 then 'GROUP' else 'ONE_ON_ONE' end,
       case when i % 4 = 0 then 'Group ' || i end, ${uid('u', `case when i < $4::int then 0 else 1 + (i * 5) % ($1::int - 1) end`)},
       case when i % 4 = 0 then null else 'bench:' || i end,
       n, now() - interval '400 days', now() - (i || ' minutes')::interval
     from generate_series(0, $2::int - 1) i,
       lateral (select case when i = 0 then $3::int when i <= $5 then $6::int + 1 else $6::int end as n) x`,
    [s.users, s.chats, s.bigChat, s.viewerChats, extra, per],
  );
  await run(
    'participants',
    `insert into chat_participants (chat_id, user_id, chat_role, joined_at, last_delivered_seq, delivered_at, last_read_seq, read_at)
     select c.id, ${uid('u', `case when k = 0 and i < $2::int then 0 else 1 + (i * 5 + k) % ($1::int - 1) end`)},
       case when k = 0 then 'ADMIN' else 'MEMBER' end, c.created_at,
       c.last_seq, now(), greatest(0, c.last_seq - ((i * 7 + k) % 12)), now()
     from generate_series(0, $3::int - 1) i
     join chats c on c.id = ${uid('c', 'i')}
     cross join lateral generate_series(0, case when i % 4 = 0 then 4 else 1 end) k`,
    [s.users, s.viewerChats, s.chats],
  );
  // Drop the secondary indexes of messages (whatever the migrations made) and rebuild them after the rows.
  const { rows: secondary } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
     where schemaname = 'public' and tablename = 'messages' and indexname <> 'messages_pkey' order by indexname`,
  );
  for (const ix of secondary) await client.query(`drop index ${ix.name}`);
  // Two halves on two connections would contend for the same 2 cores; one statement it is.
  await run(
    'messages',
    `insert into messages (chat_id, seq, sender_id, content, created_at)
     select c.id, q, ${uid('u', `case when k = 0 and i < $3::int then 0 else 1 + (i * 5 + k) % ($4::int - 1) end`)},
       case when (i * 7919 + q) % 20011 = 0 then 'zephyrine ' else '' end
         || case when q % 10 = 0 then 'meeting ' else '' end
         || array_to_string(array(select ($1::text[])[1 + floor(random() * $2::int)::int] from generate_series(1, 3 + (q + i) % 10)), ' '),
       now() - interval '300 days' + (q::float / c.last_seq) * interval '299 days' - (i || ' minutes')::interval
     from generate_series(0, $5::int - 1) i
     join chats c on c.id = ${uid('c', 'i')}
     cross join lateral generate_series(1, c.last_seq) q
     cross join lateral (select q % (case when i % 4 = 0 then 5 else 2 end) as k) s`,
    [WORDS, WORDS.length, s.viewerChats, s.users, s.chats],
  );
  for (const ix of secondary) await run(ix.name, ix.def);
  await client.query(`set session_replication_role = origin`);
  await run('vacuum analyze', `vacuum analyze`);
}

/** The indexes the migrations define on messages must be back, exactly (checked against a fresh schema). */
async function indexDefs(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ d: string }>(
    `select indexdef as d from pg_indexes where schemaname = 'public' and tablename = 'messages' order by indexname`,
  );
  return rows.map((r) => r.d);
}

export async function dataScenario(s: DataSettings): Promise<DataResult> {
  const bench = await createBenchDatabase('samvad_data');
  const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  try {
    const migrated = await indexDefs(client);
    s.log(
      `loading ${s.messages.toLocaleString('en')} messages, ${s.chats} chats, ${s.users} users into ${new URL(bench.url).pathname.slice(1)}`,
    );
    const t0 = performance.now();
    await load(client, s);
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    const after = await indexDefs(client);
    if (JSON.stringify(after) !== JSON.stringify(migrated))
      throw new Error(`indexes differ after load:\n${migrated.join('\n')}\n---\n${after.join('\n')}`);
    const counts = (
      await client.query<{ m: number; mb: number }>(
        `select (select count(*)::int from messages) as m, (pg_database_size(current_database()) / 1048576)::int as mb`,
      )
    ).rows[0]!;
    s.log(`loaded in ${seconds} s, database ${counts.mb} MB`);

    const ids = (
      await client.query<{ viewer: string; big: string; old: string; mid: string; small: string }>(
        `select ${uid('u', '0')} as viewer, ${uid('c', '0')} as big,
           (select id from messages where chat_id = ${uid('c', '0')} and seq = $1) as old,
           (select id from messages where chat_id = ${uid('c', '0')} and seq = $2) as mid,
           ${uid('c', '7')} as small`,
        [Math.floor(s.bigChat * 0.1), Math.floor(s.bigChat / 2)],
      )
    ).rows[0]!;
    const viewer: AuthUser = {
      id: ids.viewer,
      name: 'Data user 0',
      email: 'data0@bench.local',
      role: 'ADMIN',
      avatarUrl: null,
      isActive: true,
    };
    const ctx = {
      db: database.db,
      presence: { onlineAmong: async () => new Set<string>() },
      logger: { warn() {}, info() {}, error() {}, debug() {} },
      clock: { now: () => new Date() },
    } as unknown as AppContext;

    // Record the SQL each call sends, to EXPLAIN it afterwards with the same parameters.
    const poolClient = (database.db as unknown as { $client: pg.Pool }).$client;
    let recording: { text: string; values: unknown[] }[] | null = null;
    const originalQuery = poolClient.query.bind(poolClient) as (...args: unknown[]) => unknown;
    (poolClient as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (recording) {
        const [first, second] = args;
        if (typeof first === 'string') recording.push({ text: first, values: (second as unknown[]) ?? [] });
        else if (first && typeof first === 'object' && 'text' in first)
          recording.push({
            text: (first as { text: string }).text,
            values: (first as { values?: unknown[] }).values ?? (second as unknown[]) ?? [],
          });
      }
      return originalQuery(...args);
    };

    const cases: { name: string; target: number; run: () => Promise<unknown> }[] = [
      { name: 'history: newest page (200k chat)', target: 10, run: () => listMessages(ctx, viewer, ids.big, { limit: 50 }) },
      {
        name: 'history: old page, before (200k chat)',
        target: 10,
        run: () => listMessages(ctx, viewer, ids.big, { limit: 50, before: ids.old }),
      },
      {
        name: 'history: around a message (200k chat)',
        target: 10,
        run: () => listMessages(ctx, viewer, ids.big, { limit: 50, around: ids.mid }),
      },
      { name: 'history: newest page (400-message chat)', target: 10, run: () => listMessages(ctx, viewer, ids.small, { limit: 50 }) },
      {
        name: 'search: rare word "zephyrine"',
        target: 100,
        run: () => searchMessages(ctx, viewer, { q: 'zephyrine', limit: 20, offset: 0 }),
      },
      {
        name: 'search: common word "meeting"',
        target: 100,
        run: () => searchMessages(ctx, viewer, { q: 'meeting', limit: 20, offset: 0 }),
      },
      {
        name: 'search: inside a rare word "ephyrin"',
        target: 100,
        run: () => searchMessages(ctx, viewer, { q: 'ephyrin', limit: 20, offset: 0 }),
      },
      {
        name: 'search: inside a common word "eeting"',
        target: 100,
        run: () => searchMessages(ctx, viewer, { q: 'eeting', limit: 20, offset: 0 }),
      },
      { name: 'chat list: user in 500 chats', target: 50, run: () => listChats(ctx, viewer.id, { filter: 'all' }) },
    ];
    const queries: QueryResult[] = [];
    for (const c of cases) {
      for (let i = 0; i < 3; i++) await c.run(); // warm-up
      const times: number[] = [];
      for (let i = 0; i < s.iterations; i++) {
        const t = performance.now();
        await c.run();
        times.push(performance.now() - t);
      }
      const ms = summarize(times);
      recording = [];
      const sample = (await c.run()) as unknown;
      const sent = recording;
      recording = null;
      const statements: { sql: string; plan: string }[] = [];
      for (const st of sent) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${st.text}`, st.values);
        statements.push({ sql: st.text.replace(/\s+/g, ' ').trim(), plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
      }
      const size = Array.isArray(sample) ? sample.length : ((sample as { messages?: unknown[] }).messages?.length ?? 0);
      const ok = ms.p95 <= c.target;
      s.log(
        `${c.name}: p50 ${ms.p50} ms, p95 ${ms.p95} ms (target ≤ ${c.target}) ${ok ? 'OK' : 'MISSED'} · ${size} rows · ${sent.length} statements`,
      );
      const result = { name: c.name, target: c.target, ms, ok, statements };
      const main = mainStatement(result);
      if (main) s.log(`  plan of its slowest statement:\n${main.plan.replace(/^/gm, '    ')}`);
      queries.push(result);
    }
    return { load: { seconds, users: s.users, chats: s.chats, messages: counts.m, databaseMb: counts.mb }, queries };
  } finally {
    await client.end();
    await database.close();
    await bench.drop();
  }
}

/** The slowest statement of a call: the one whose plan reports the highest execution time. */
export function mainStatement(q: QueryResult): { sql: string; plan: string } | undefined {
  const time = (p: string) => Number(p.match(/Execution Time: ([\d.]+)/)?.[1] ?? 0);
  return [...q.statements].sort((a, b) => time(b.plan) - time(a.plan))[0];
}

export function dataMarkdown(r: DataResult): string {
  const md = [
    '## data (read latency at volume, server-side)',
    '',
    `Loaded ${r.load.messages.toLocaleString('en')} messages, ${r.load.chats} chats, ${r.load.users} users in ${r.load.seconds} s (database ${r.load.databaseMb} MB).`,
    '',
    '| query | p50 ms | p95 ms | p99 ms | max ms | target p95 ms | ok |',
    '|---|---|---|---|---|---|---|',
    ...r.queries.map(
      (q) => `| ${q.name} | ${q.ms.p50} | ${q.ms.p95} | ${q.ms.p99} | ${q.ms.max} | ${q.target} | ${q.ok ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  for (const q of r.queries) {
    md.push(`### ${q.name}`, '');
    for (const st of q.statements) {
      md.push('```sql', st.sql, '```', '', '```', st.plan, '```', '');
    }
  }
  return md.join('\n');
}
