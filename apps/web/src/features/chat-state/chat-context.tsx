'use client';
/** React access to the chat client: a context for actions and a selector hook for state. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatClient } from './client';
import type { ChatState } from './state';

export const ChatClientContext = createContext<ChatClient | null>(null);

export function useChatClient(): ChatClient {
  const client = useContext(ChatClientContext);
  if (!client) throw new Error('useChatClient outside ChatClientContext');
  return client;
}

/** Selectors must return stored references (or primitives) so renders stay cheap. */
export function useChatState<T>(selector: (state: ChatState) => T): T {
  const { store } = useChatClient();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.get()),
    () => selector(store.get()),
  );
}
