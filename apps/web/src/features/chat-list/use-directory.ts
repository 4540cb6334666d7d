/** Debounced directory search (GET /api/users?q=) for the new chat / group dialogs. */
import type { DirectoryUser } from '@samvad/protocol';
import { useLatestQuery } from '@/lib/latest-query';
import { fetchDirectory } from '../chat-state/queries';

export function useDirectory(query: string, excludeId: string): DirectoryUser[] {
  const { data, error } = useLatestQuery(() => fetchDirectory(query.trim()), [query], 200);
  if (error || !data) return [];
  return data.filter((u) => u.id !== excludeId);
}
