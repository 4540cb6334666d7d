/**
 * Request-shaped reads (CONTRACT §5) that are not kept in the store: the directory, search, recent
 * messages and message info. Components show them through useLatestQuery, so the newest answer wins.
 */
import type { DirectoryUser, Message, Recipient, RestRoutes, SearchResult } from '@samvad/protocol';
import { api } from '@/lib/api';

/** The directory (active users), optionally filtered by name or email. */
export async function fetchDirectory(q?: string): Promise<DirectoryUser[]> {
  return (await api('GET /api/users', q === undefined ? {} : { query: { q } })).users;
}

export async function fetchRecentMessages(limit: number): Promise<Message[]> {
  return (await api('GET /api/messages/recent', { query: { limit } })).messages;
}

export async function searchMessages(query: RestRoutes['GET /api/chats/search']['query']): Promise<SearchResult[]> {
  return (await api('GET /api/chats/search', { query })).results;
}

/** Who got my message and who read it, and when (sender only). */
export async function fetchMessageInfo(messageId: string): Promise<Recipient[]> {
  return (await api('GET /api/messages/:id/info', { params: { id: messageId } })).recipients;
}
