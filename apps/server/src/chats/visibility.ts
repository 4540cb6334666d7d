/**
 * What a member may see of a chat: the one rule every read of messages applies.
 *
 * A participant row `p` sees message `m` of its chat when
 * - `m` came after they joined and after they last cleared the chat ("delete chat"):
 *   seq > greatest(joined_seq, cleared_seq);
 * - `m` came no later than their leaving, if they left: seq <= left_seq;
 * - they did not delete `m` for themselves (message_hides).
 *
 * The rule is written here once, in the forms its callers need: SQL text (prepared statements
 * take plain text), the same text as a Drizzle fragment, and the bounds of one membership already
 * loaded (visibilityOf + visibleTo). `visibility-source.test.ts` fails when a query reads messages without it, and
 * `visibility.test.ts` runs every read path for a late joiner, a former member, a cleared chat and a
 * hidden message.
 */
import { sql, type SQL } from 'drizzle-orm';

/** Above every seq: the upper bound of someone who has not left. */
export const MAX_SEQ = 2147483647;

/** Aliases are identifiers of our own SQL (never input), so the text may name them directly. */
const ALIAS = /^[a-z][a-z0-9_]*$/;

/**
 * Message alias `m` is visible to participant alias `p` (same chat, in their window, not hidden by
 * them). `probeHides`: keep the hides look-up a per-row probe on both key columns (OFFSET 0 stops
 * the planner from turning it into a join), for statements that resolve many targets at once.
 */
export function visibleToParticipantSql(m = 'm', p = 'p', options: { probeHides?: boolean } = {}): string {
  if (!ALIAS.test(m) || !ALIAS.test(p)) throw new Error(`not an alias: ${m}, ${p}`);
  return `${m}.chat_id = ${p}.chat_id
    and ${m}.seq > greatest(${p}.joined_seq, ${p}.cleared_seq) and ${m}.seq <= coalesce(${p}.left_seq, ${MAX_SEQ})
    and not exists (select 1 from message_hides h where h.user_id = ${p}.user_id and h.message_id = ${m}.id${options.probeHides ? ' offset 0' : ''})`;
}

/** The same rule as a Drizzle fragment. */
export function visibleToParticipant(m = 'm', p = 'p'): SQL {
  return sql.raw(visibleToParticipantSql(m, p));
}

/** One member's window on one chat, from a membership already loaded: seq in (lo, hi]. */
export interface Visibility {
  userId: string;
  chatId: string;
  lo: number;
  hi: number;
}

export function visibilityOf(m: {
  userId: string;
  chatId: string;
  joinedSeq: number;
  clearedSeq: number;
  leftSeq: number | null;
}): Visibility {
  return { userId: m.userId, chatId: m.chatId, lo: Math.max(m.joinedSeq, m.clearedSeq), hi: m.leftSeq ?? MAX_SEQ };
}

/** The rule for that one member, with the bounds as parameters (an index range on (chat_id, seq)). */
export function visibleTo(v: Visibility, m = sql`m`): SQL {
  return sql`${m}.chat_id = ${v.chatId} and ${m}.seq > ${v.lo} and ${m}.seq <= ${v.hi}
    and not exists (select 1 from message_hides h where h.user_id = ${v.userId} and h.message_id = ${m}.id)`;
}

/**
 * Participant `p` was a member when message seq `seq` was written (they joined before it and had
 * not left): who a sent message was for, whatever they did with it since (message info).
 */
export function wasMemberAt(p: string, seq: SQL): SQL {
  if (!ALIAS.test(p)) throw new Error(`not an alias: ${p}`);
  return sql`${sql.raw(p)}.joined_seq < ${seq} and (${sql.raw(p)}.left_seq is null or ${sql.raw(p)}.left_seq >= ${seq})`;
}
