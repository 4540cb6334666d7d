/**
 * Turns what a user typed into tsqueries, safely. PostgreSQL's own parser splits the text (the
 * same parser that built messages.search_vector, so "SCH-0042" becomes the same tokens on both
 * sides); each token is then quoted and escaped before it reaches to_tsquery, so no user text is
 * ever read as tsquery syntax.
 *
 * Each token matches as an English stem or as the exact word, both as a prefix ("meet" finds
 * "meetings", "pri" finds "Priya"); all tokens must match. `exact` (every token as a whole word
 * as typed) ranks results: it looks only at the 'simple' half of the vector, weight D, since the
 * English half (weight A) would make "rankwords" an exact hit for "rankword".
 *
 * When whole words and prefixes come up short, `substrings` finds the terms inside words (trigram
 * index, migration 0006): "room" finds "classroom", "visit" finds "Revisited".
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, type Tx } from '../db/client.js';

/** More tokens than this add little and cost a tsquery term each. */
const MAX_TERMS = 8;

export interface SearchTsQuery {
  match: SQL;
  exact: SQL;
  /**
   * Words inside words ("room" in "classroom"): every term as typed inside `m.content`, one ILIKE
   * each (a trigram index serves `col ILIKE x`, not `col ILIKE ALL(array)`); null when no term is
   * long enough (three characters) for the index to find it.
   */
  substrings: SQL | null;
  /** The terms, lower-cased (to mark substring hits in snippets). */
  terms: string[];
}

/** The shortest term a trigram index can look up. */
const MIN_SUBSTRING = 3;
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const quote = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export async function buildSearchQuery(tx: Tx, text: string): Promise<SearchTsQuery | null> {
  const row = await queryOne<{ terms: string[] | null }>(tx, sql`select tsvector_to_array(to_tsvector('simple', ${text})) as terms`);
  const terms = (row?.terms ?? []).sort((a, b) => b.length - a.length).slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const perTerm = terms.map((term) => {
    const prefix = `${quote(term)}:*`;
    const variants = [sql`to_tsquery('english', ${prefix})`, sql`to_tsquery('simple', ${prefix})`];
    // The parser reads "SCH-0042" as "sch" and "-0042": a bare number also finds the code's tail.
    if (/^\d+$/.test(term)) variants.push(sql`to_tsquery('simple', ${`${quote(`-${term}`)}:*`})`);
    return sql`(${sql.join(variants, sql` || `)})`;
  });
  return {
    match: sql.join(perTerm, sql` && `),
    exact: sql`to_tsquery('simple', ${terms.map((t) => `${quote(t)}:D`).join(' & ')})`,
    substrings: terms.some((t) => t.length >= MIN_SUBSTRING)
      ? sql.join(
          terms.map((t) => sql`m.content ilike ${likePattern(t)}`),
          sql` and `,
        )
      : null,
    terms,
  };
}
