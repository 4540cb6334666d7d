/** The dashboard widget (spec §7.3): the latest messages, each opening its chat at that message. */
import { useId, type MouseEvent } from 'react';
import { chatUrl } from '../core/links.js';
import { initials, previewText, relativeTime } from './format.js';
import { Isolated } from './isolated.js';
import { isPlainClick, openSamvad, type LinkTarget } from './open-samvad.js';
import { useSamvad, useSamvadContext } from './provider.js';
import { useRecentMessages } from './use-recent-messages.js';

export interface SamvadRecentMessagesProps {
  /** How many messages to show (1–20). */
  limit?: number;
  title?: string;
  target?: LinkTarget;
}

export function SamvadRecentMessages({ limit = 5, title = 'Recent messages', target = '_blank' }: SamvadRecentMessagesProps) {
  const { client } = useSamvadContext();
  const { url, problem } = useSamvad();
  const { messages, error } = useRecentMessages(limit);
  const headingId = useId();

  const open = (href: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!client || !isPlainClick(event)) return;
    event.preventDefault();
    void openSamvad(href, client.getToken, target);
  };

  const shownError = problem?.message ?? (messages === null ? error : null);
  return (
    <Isolated display="block">
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>{title}</h2>
        {shownError && (
          <p role="alert" className="problem">
            {shownError}
          </p>
        )}
        {!shownError && messages === null && <p className="muted">Loading…</p>}
        {messages?.length === 0 && <p className="muted">No messages yet</p>}
        {messages && messages.length > 0 && (
          <ul aria-label={title}>
            {messages.map((message) => {
              const href = chatUrl(url, { chatId: message.chatId, messageId: message.id });
              return (
                <li key={message.id}>
                  <a className="entry" href={href} target={target} rel="noopener" onClick={open(href)}>
                    <span className="avatar" aria-hidden="true">
                      {initials(message.sender.name)}
                    </span>
                    <span className="body">
                      <span className="name">{message.sender.name}</span>
                      <span className="preview">{previewText(message)}</span>
                    </span>
                    <time dateTime={message.createdAt}>{relativeTime(message.createdAt)}</time>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
        <a className="open-all" href={chatUrl(url)} target={target} rel="noopener" onClick={open(chatUrl(url))}>
          Open Samvad
        </a>
      </section>
    </Isolated>
  );
}
