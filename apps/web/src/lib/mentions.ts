/**
 * @mention autocomplete in the composer. The server records `@Full Name` or `@FirstName` of a
 * current member (messages/mentions.ts); these helpers find the `@query` being typed at the caret,
 * the members it may mean, and write the chosen name in.
 */
export interface Mentionable {
  id: string;
  name: string;
}

const MAX_QUERY = 30;
const MAX_SUGGESTIONS = 6;

/** The `@query` that ends at the caret: `@` at the start or after a space, no line break in between. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || query.startsWith(' ')) return null;
  return { start: at, query };
}

/** Members whose name, or a word of it, starts with the query (any case); never the writer. */
export function suggestMembers(members: readonly Mentionable[], query: string, meId: string): Mentionable[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.id !== meId)
    .filter((m) => {
      const name = m.name.toLowerCase();
      return name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
    })
    .slice(0, MAX_SUGGESTIONS);
}

/** Replaces `@query` (from `start` to the caret) with `@Full Name`, one space after, and the caret after that. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = `@${name}${/^\s/.test(rest) ? '' : ' '}`;
  return { text: text.slice(0, start) + inserted + rest, caret: start + `@${name} `.length };
}

/**
 * Splits message text around the @mentions of the given members (full name or first name, any case,
 * not followed by a letter or digit — as the server matches them), so they can be shown as such.
 */
export function splitMentions(text: string, names: readonly string[]): { text: string; isMention: boolean }[] {
  const candidates = [...new Set(names.flatMap((name) => [name, name.split(/\s+/)[0] ?? name]))]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length); // the full name before the first name
  if (candidates.length === 0 || !text.includes('@')) return [{ text, isMention: false }];
  const escaped = candidates.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(^|\\s)(@(?:${escaped.join('|')}))(?![\\p{L}\\p{N}])`, 'giu');
  const parts: { text: string; isMention: boolean }[] = [];
  let cursor = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1]!.length;
    if (start > cursor) parts.push({ text: text.slice(cursor, start), isMention: false });
    parts.push({ text: match[2]!, isMention: true });
    cursor = start + match[2]!.length;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), isMention: false });
  return parts;
}
