/** The latest messages across the user's chats (GET /api/messages/recent), refetched when messages change. */
import { useEffect, useState } from 'react';
import type { SamvadMessage } from '../core/types.js';
import { useSamvad, useSamvadContext } from './provider.js';

const REFETCH_DEBOUNCE_MS = 150;

export interface RecentMessagesState {
  messages: SamvadMessage[] | null;
  error: string | null;
}

export function useRecentMessages(limit = 5): RecentMessagesState {
  const { client } = useSamvadContext();
  const { messagesVersion } = useSamvad();
  const [state, setState] = useState<RecentMessagesState>({ messages: null, error: null });

  useEffect(() => {
    if (!client) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      client.get<{ messages: SamvadMessage[] }>(`/api/messages/recent?limit=${limit}`).then(
        ({ messages }) => isCurrent && setState({ messages, error: null }),
        (error: unknown) => isCurrent && setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error) })),
      );
    }, REFETCH_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [client, limit, messagesVersion]);

  return state;
}
