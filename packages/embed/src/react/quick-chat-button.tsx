/**
 * "Chat with admin" on a host page (spec §7.2): opens Samvad at the one-on-one chat with
 * `recipientId`, the context (e.g. the visit) attached to the composer — nothing is sent until
 * the user writes their own words.
 */
import { useState, type ReactNode } from 'react';
import { quickChatUrl } from '../core/links.js';
import type { ChatContext } from '../core/types.js';
import { ChatGlyph } from './chat-glyph.js';
import { Isolated } from './isolated.js';
import { openSamvad, type LinkTarget } from './open-samvad.js';
import { useSamvad, useSamvadContext } from './provider.js';

export interface QuickChatButtonProps {
  /** The host's id of the person to chat with (e.g. the admin reviewing the visit). */
  recipientId: string;
  /** Travels with the user's first message as its `context`, shown as a card (at most 2,000 bytes as JSON). */
  context?: ChatContext;
  children?: ReactNode;
  target?: LinkTarget;
}

export function QuickChatButton({ recipientId, context, children = 'Chat with admin', target = '_blank' }: QuickChatButtonProps) {
  const { client } = useSamvadContext();
  const { url, problem } = useSamvad();
  const [isOpening, setIsOpening] = useState(false);

  function open() {
    if (!client) return;
    setIsOpening(true);
    void openSamvad(quickChatUrl(url, recipientId, context), client.getToken, target).finally(() => setIsOpening(false));
  }

  return (
    <Isolated>
      <button type="button" className="quick" onClick={open} disabled={!client || isOpening}>
        <ChatGlyph />
        {children}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem.message}
        </p>
      )}
    </Isolated>
  );
}
