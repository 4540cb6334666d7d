/** The navbar chat icon with the total unread badge (spec §7.1), opening Samvad signed in. */
import type { MouseEvent } from 'react';
import { chatUrl } from '../core/links.js';
import { formatBadge } from './format.js';
import { ChatGlyph } from './chat-glyph.js';
import { Isolated } from './isolated.js';
import { isPlainClick, openSamvad, type LinkTarget } from './open-samvad.js';
import { useSamvad, useSamvadContext } from './provider.js';

export interface SamvadChatIconProps {
  /** Where Samvad opens: a new tab (default) or this one. */
  target?: LinkTarget;
}

export function SamvadChatIcon({ target = '_blank' }: SamvadChatIconProps) {
  const { client } = useSamvadContext();
  const { url, unreadCount, problem } = useSamvad();
  const href = chatUrl(url);
  const count = unreadCount ?? 0;
  const label = problem ? `Chat – unavailable: ${problem.message}` : count > 0 ? `Chat, ${count} unread` : 'Chat';

  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!client || !isPlainClick(event)) return;
    event.preventDefault();
    void openSamvad(href, client.getToken, target);
  };

  return (
    <Isolated>
      <a className="icon" href={href} target={target} rel="noopener" aria-label={label} title={problem?.message ?? label} onClick={onClick}>
        <ChatGlyph />
        {problem ? (
          <span className="badge warn" aria-hidden="true">
            !
          </span>
        ) : (
          count > 0 && (
            <span className="badge" aria-hidden="true" data-testid="samvad-unread">
              {formatBadge(count)}
            </span>
          )
        )}
      </a>
    </Isolated>
  );
}
