/** Message text with safe links and @mentions, rendered as React elements (never as HTML). */
import { tokenizeLinks } from '@/lib/linkify';
import { splitMentions } from '@/lib/mentions';

export function MessageText({ text, highlight, mentions = [] }: { text: string; highlight?: string; mentions?: readonly string[] }) {
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
          splitMentions(segment.text, mentions).map((part, j) =>
            part.isMention ? (
              <span key={`${i}.${j}`} className="font-medium text-emerald-700 dark:text-emerald-300">
                {part.text}
              </span>
            ) : (
              <Highlighted key={`${i}.${j}`} text={part.text} term={highlight} />
            ),
          )
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
