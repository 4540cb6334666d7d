/**
 * Message search (CONTRACT §5): PostgreSQL full text over the messages the caller may read — their
 * chats, within their visibility window (joined … left, after a "delete chat"), never hidden,
 * deleted or SYSTEM messages. Whole-word matches rank first, then stemmed/prefix matches, then the
 * terms inside other words ("room" in "classroom"); newest first within each. The snippet marks
 * hits with `**` (see docs/search.md).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SearchQuery, SearchResult } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { query, queryOne } from '../db/client.js';
import { requireReader } from '../chats/access.js';
import { visibleToParticipant } from '../chats/visibility.js';
import { asSeenBy } from '../messages/frozen-view.js';
import { MESSAGE_COLUMNS, MESSAGE_FROM, presentMessage, type MessageRecord } from '../messages/queries.js';
import { watermarksForChats } from '../receipts/watermarks.js';
import { buildSearchQuery } from './query.js';

const HIT_START = '\u0001';
const HIT_END = '\u0002';
/** The newest windows tried before searching all history (see searchMessages). */
const SEARCH_WINDOW_DAYS = [7, 60];
const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

interface SearchRecord extends MessageRecord {
  headline: string;
  is_exact: boolean;
  chat_type: 'ONE_ON_ONE' | 'GROUP';
  chat_name: string | null;
}

export async function searchMessages(ctx: AppContext, viewer: AuthUser, q: SearchQuery): Promise<SearchResult[]> {
  if (q.chatId) await requireReader(ctx.db, q.chatId, viewer.id);
  const tsq = await buildSearchQuery(ctx.db, q.q);
  if (!tsq) return [];
  const filters: SQL[] = [];
  if (q.chatId) filters.push(sql`and m.chat_id = ${q.chatId}`);
  if (q.senderId) filters.push(sql`and m.sender_id = ${q.senderId}`);
  if (q.from) filters.push(sql`and m.created_at >= ${q.from}`);
  if (q.to) filters.push(sql`and m.created_at <= ${q.to}`);

  // Rank and page on ids first, so snippets and the full message are built for one page only.
  // `match`: which messages are hits; `isExact`: whether a hit ranks among the whole-word ones.
  // `candidates`: found first, on their own (see the words-inside-words search below).
  // visibility: the candidates are only what the trigram index finds; `hits` applies the rule to them.
  const page = (match: SQL, isExact: SQL, since: Date | null, limit: number, offset: number, candidates?: SQL) =>
    query<SearchRecord>(
      ctx.db,
      sql`with q as (select ${tsq.match} as query, ${tsq.exact} as exact),
        ${
          candidates
            ? sql`candidates as materialized (
          select m.id from messages m cross join q
          where ${candidates} ${since ? sql`and m.created_at >= ${since}` : sql``}),`
            : sql``
        }
        hits as (
          select m.id, ${isExact} as is_exact, m.created_at
          from ${candidates ? sql`candidates x join messages m on m.id = x.id` : sql`messages m`}
          cross join q
          join chat_participants p on p.chat_id = m.chat_id and p.user_id = ${viewer.id}
          where ${match} and ${visibleToParticipant()}
            and m.deleted_at is null and m.message_type <> 'SYSTEM'
            -- A former member does not find what was written into a message after they left.
            and (p.left_at is null or m.edited_at is null or m.edited_at <= p.left_at)
            ${sql.join(filters, sql` `)}
            ${since ? sql`and m.created_at >= ${since}` : sql``}
          order by is_exact desc, m.created_at desc, m.id desc
          limit ${limit} offset ${offset})
        select ${MESSAGE_COLUMNS}, hits.is_exact,
          ts_headline('english', translate(m.content, ${HIT_START + HIT_END}, ''), q.query, ${HEADLINE_OPTIONS}) as headline,
          c.type as chat_type,
          case when c.type = 'GROUP' then coalesce((select vp.left_name from chat_participants vp
              where vp.chat_id = c.id and vp.user_id = ${viewer.id} and vp.left_at is not null), c.name) else
            (select u.name from chat_participants o join users u on u.id = o.user_id
              where o.chat_id = c.id and o.user_id <> ${viewer.id} limit 1) end as chat_name
        from hits join ${MESSAGE_FROM} on m.id = hits.id
        cross join q
        join chats c on c.id = m.chat_id
        order by hits.is_exact desc, hits.created_at desc, m.id desc`,
    );
  const words = sql`m.search_vector @@ q.query`;
  /** How many messages `match` finds in all (for an offset past the last word hit). */
  const countHits = async (match: SQL) =>
    (await queryOne<{ n: number }>(
      ctx.db,
      sql`with q as (select ${tsq.match} as query)
        select count(*)::int as n from messages m cross join q
        join chat_participants p on p.chat_id = m.chat_id and p.user_id = ${viewer.id}
        where ${match} and ${visibleToParticipant()} and m.deleted_at is null and m.message_type <> 'SYSTEM'
          and (p.left_at is null or m.edited_at is null or m.edited_at <= p.left_at)
          ${sql.join(filters, sql` `)}`,
    ))!.n;

  // A common word matches a large part of all messages; ranking every hit is what costs. Newest
  // windows first: when a window already fills the page with whole-word hits, those are the answer
  // (every whole-word hit outside the window is older, and whole-word hits rank first); otherwise
  // widen, and finally search everything. A rare word costs a few cheap index look-ups more.
  const now = ctx.clock.now().getTime();
  let rows: SearchRecord[] = [];
  for (const days of [...SEARCH_WINDOW_DAYS, null]) {
    rows = await page(words, sql`m.search_vector @@ q.exact`, days === null ? null : new Date(now - days * 86_400_000), q.limit, q.offset);
    if (rows.length === q.limit && rows[rows.length - 1]!.is_exact) break;
  }
  // Words inside words rank after every word and prefix hit, so they are looked for only when those
  // come up short: a common word never pays for them.
  const foundInside = new Set<string>();
  if (rows.length < q.limit && tsq.substrings) {
    const wordHits = rows.length > 0 || q.offset === 0 ? q.offset + rows.length : await countHits(words);
    // The candidates come from the trigram index alone, newest windows first as above: left to
    // itself the planner would walk every message newest first looking for a rare term (400 ms
    // at 1M messages for a term that is nowhere).
    const inside = sql`${tsq.substrings} and not ${words}`;
    const limit = q.limit - rows.length;
    const offset = Math.max(0, q.offset - wordHits);
    let insideRows: SearchRecord[] = [];
    for (const days of [...SEARCH_WINDOW_DAYS, null]) {
      const since = days === null ? null : new Date(now - days * 86_400_000);
      insideRows = await page(sql`true`, sql`false`, since, limit, offset, inside);
      if (insideRows.length === limit) break;
    }
    for (const row of insideRows) foundInside.add(row.id);
    rows = [...rows, ...insideRows];
  }

  const marks = await watermarksForChats(ctx.db, viewer.id, [...new Set(rows.map((r) => r.chat_id))]);
  return (await asSeenBy(ctx.db, viewer.id, rows)).map((r) => ({
    message: presentMessage(r, viewer.id, marks.get(r.chat_id) ?? null),
    chat: { id: r.chat_id, name: r.chat_name, isGroup: r.chat_type === 'GROUP' },
    snippet: foundInside.has(r.id) ? markInside(r.content ?? '', tsq.terms) : markHits(r.headline),
  }));
}

/** Adjacent hits ("SCH" + "-0042") become one; the control-character markers become `**`. */
function markHits(headline: string): string {
  return headline
    .replaceAll(HIT_END + HIT_START, '')
    .replaceAll(HIT_START, '**')
    .replaceAll(HIT_END, '**')
    .trim();
}

/** A hit inside words has nothing ts_headline marks: a window of the text around the first term, terms marked. */
function markInside(content: string, terms: string[]): string {
  const lower = content.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0));
  const start = Number.isFinite(first) ? Math.max(0, first - 60) : 0;
  const window = content.slice(start, start + 160);
  const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return `${start > 0 ? '… ' : ''}${window.replace(pattern, (hit) => `**${hit}**`)}${start + 160 < content.length ? ' …' : ''}`;
}
