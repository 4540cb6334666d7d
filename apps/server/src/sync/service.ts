/**
 * Catch-up after a reconnect (CONTRACT §5 `GET /api/sync`, §7).
 *
 * Every row a client may need carries `change_xid`, the id of the transaction that last wrote it.
 * A token holds a transaction-id horizon H: every transaction with an id below H had finished when
 * the token was made (H = xmin of that moment's snapshot). A call with token H reads, in one
 * REPEATABLE READ snapshot S, the rows written by transactions in [H, xmin(S)) — all finished, so
 * all visible — and returns xmin(S) as the next token. Windows never overlap and leave no gap, so
 * each change is returned once, including changes committed while an earlier call was running.
 */
import { sql } from 'drizzle-orm';
import { idSchema, MAX_SYNC_MESSAGES, type SyncResult } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne, type Tx } from '../db/client.js';
import { invalid } from '../http/errors.js';
import { loadChatsFor } from '../chats/read-model.js';
import { visibleToParticipant } from '../chats/visibility.js';
import { presentMessage, selectMessages } from '../messages/queries.js';
import { asSeenBy } from '../messages/frozen-view.js';
import { watermarksForChats } from '../receipts/watermarks.js';

interface Token {
  /** lower bound (inclusive) of the window */
  lo: string;
  /** upper bound (exclusive); fixed while paging through one window */
  hi?: string;
  /** paging position inside the window: last (change_xid, id) returned */
  after?: [string, string];
}

const encode = (t: Token) => Buffer.from(JSON.stringify({ v: 1, ...t })).toString('base64url');

function decode(raw: string): Token {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    // xid8 is an unsigned 64-bit integer: a larger number would fail in PostgreSQL (a 500).
    const isXid = (x: unknown) => typeof x === 'string' && /^\d{1,20}$/.test(x) && BigInt(x) < 2n ** 64n;
    const isUuid = (x: unknown) => typeof x === 'string' && idSchema.safeParse(x).success;
    if (t.v !== 1 || !isXid(t.lo) || (t.hi !== undefined && !isXid(t.hi))) throw new Error();
    if (t.after !== undefined && !(Array.isArray(t.after) && isXid(t.after[0]) && isUuid(t.after[1]))) throw new Error();
    return { lo: t.lo, hi: t.hi, after: t.after };
  } catch {
    throw invalid('since: not a sync token');
  }
}

/**
 * Waits (briefly) until every transaction that had started when the call arrived has finished, so
 * the answer includes everything committed before the call — even when an unrelated, slower
 * transaction would otherwise hold the horizon back. On PGlite (one connection) it never waits.
 */
async function awaitHorizon(ctx: AppContext): Promise<void> {
  const target = (await queryOne<{ xmax: string }>(ctx.db, sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`))!.xmax;
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const row = await queryOne<{ done: boolean }>(ctx.db, sql`select pg_snapshot_xmin(pg_current_snapshot()) >= ${target}::xid8 as done`);
    if (row?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  ctx.logger.warn('sync horizon held back by a long transaction; answering with what is settled');
}

export async function sync(ctx: AppContext, user: AuthUser, since: string | undefined): Promise<SyncResult> {
  const token = since ? decode(since) : undefined;
  await awaitHorizon(ctx);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    const horizon = (await queryOne<{ xmin: string }>(tx, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`))!.xmin;
    if (!token) return { messages: [], chats: [], removedChatIds: [], hiddenMessageIds: [], next: encode({ lo: horizon }), hasMore: false };
    const lo = token.lo;
    const hi = token.hi ?? horizon;
    const isFirstPage = token.after === undefined;
    const window = (column: ReturnType<typeof sql>) => sql`${column} >= ${lo}::xid8 and ${column} < ${hi}::xid8`;

    const rows = await selectMessages(
      tx,
      sql`${window(sql`m.change_xid`)}
        ${token.after ? sql`and (m.change_xid, m.id) > (${token.after[0]}::xid8, ${token.after[1]}::uuid)` : sql``}
        and exists (select 1 from chat_participants p where p.chat_id = m.chat_id and p.user_id = ${user.id} and ${visibleToParticipant()})`,
      sql`order by m.change_xid, m.id limit ${MAX_SYNC_MESSAGES + 1}`,
    );
    const hasMore = rows.length > MAX_SYNC_MESSAGES;
    const page = rows.slice(0, MAX_SYNC_MESSAGES);
    const marksByChat = await watermarksForChats(tx, user.id, [...new Set(page.map((r) => r.chat_id))]);
    const messages = (await asSeenBy(tx, user.id, page)).map((r) => presentMessage(r, user.id, marksByChat.get(r.chat_id) ?? null));

    let chats: SyncResult['chats'] = [];
    let removedChatIds: string[] = [];
    let hiddenMessageIds: string[] = [];
    if (isFirstPage) {
      ({ chats, removedChatIds, hiddenMessageIds } = await changedChats(ctx, tx, user.id, window));
    }
    const last = page[page.length - 1];
    const next = hasMore && last ? encode({ lo, hi, after: [last.change_xid, last.id] }) : encode({ lo: hi });
    return { messages, chats, removedChatIds, hiddenMessageIds, next, hasMore };
  });
}

async function changedChats(ctx: AppContext, tx: Tx, userId: string, window: (column: ReturnType<typeof sql>) => ReturnType<typeof sql>) {
  const changed = await query<{ chat_id: string; gone: boolean }>(
    tx,
    sql`select p.chat_id, (p.left_at is not null or p.is_hidden) as gone
        from chat_participants p join chats c on c.id = p.chat_id
        where p.user_id = ${userId} and (
          ${window(sql`c.change_xid`)}
          or exists (select 1 from chat_participants o where o.chat_id = p.chat_id and ${window(sql`o.change_xid`)}))`,
  );
  // A member's own row changing to left/hidden in this window means the chat left their list.
  const removed = await query<{ chat_id: string }>(
    tx,
    sql`select chat_id from chat_participants where user_id = ${userId} and (left_at is not null or is_hidden) and ${window(sql`change_xid`)}`,
  );
  const removedChatIds = removed.map((r) => r.chat_id);
  const removedSet = new Set(removedChatIds);
  const chats = await loadChatsFor(
    ctx,
    tx,
    userId,
    changed.filter((c) => !c.gone && !removedSet.has(c.chat_id)).map((c) => c.chat_id),
  );
  const hides = await query<{ message_id: string }>(
    tx,
    sql`select message_id from message_hides where user_id = ${userId} and ${window(sql`change_xid`)}`,
  );
  return { chats, removedChatIds, hiddenMessageIds: hides.map((h) => h.message_id) };
}
