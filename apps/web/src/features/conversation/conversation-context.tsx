'use client';
/** Per-conversation UI actions that the message menu triggers but the conversation owns. */
import { createContext, useContext } from 'react';
import type { Message } from '@samvad/protocol';

export interface ConversationActions {
  reply(message: Message): void;
  edit(message: Message): void;
  forward(message: Message): void;
  info(message: Message): void;
  /** Opens the emoji picker to react with any emoji, beyond the quick ones. */
  pickReaction(message: Message): void;
  /** Opens the full-screen image viewer on this image message. */
  viewImage(message: Message): void;
  notify(text: string): void;
}

export const ConversationActionsContext = createContext<ConversationActions | null>(null);

export function useConversationActions(): ConversationActions {
  const value = useContext(ConversationActionsContext);
  if (!value) throw new Error('useConversationActions outside a conversation');
  return value;
}
