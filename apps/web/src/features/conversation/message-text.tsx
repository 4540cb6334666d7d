/** Message text with safe links, rendered as React elements (never as HTML). */
import { tokenizeLinks } from '@/lib/linkify';

export function MessageText({ text, highlight }: { text: string; highlight?: string }) {
  return (
    <>
      {tokenizeLinks(text).map((segment, i) =>
        segment.kind === 'link' ? (
          <a
            key={i}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer"
            className="text-sky-700 underline break-all dark:text-sky-300"
          >
            {segment.text}
          </a>
        ) : (
          <Highlighted key={i} text={segment.text} term={highlight} />
        ),
      )}
    </>
  );
}

export function Highlighted({ text, term }: { text: string; term?: string }) {
  const needle = term?.trim().toLowerCase();
  if (!needle) return <>{text}</>;
  const parts: { text: string; hit: boolean }[] = [];
  const lower = text.toLowerCase();
  let cursor = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > cursor) parts.push({ text: text.slice(cursor, i), hit: false });
    parts.push({ text: text.slice(i, i + needle.length), hit: true });
    cursor = i + needle.length;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), hit: false });
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="rounded bg-yellow-200 px-0.5 dark:bg-yellow-700 dark:text-white">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
