/** Debounced directory search (GET /api/users?q=) for the new chat / group dialogs. */
import { useEffect, useState } from 'react';
import type { DirectoryUser } from '@samvad/protocol';
import { api } from '@/lib/api';

export function useDirectory(query: string, excludeId: string): DirectoryUser[] {
  const [users, setUsers] = useState<DirectoryUser[]>([]);
  useEffect(() => {
    let isCurrent = true;
    const timer = setTimeout(() => {
      api<{ users: DirectoryUser[] }>(`/api/users?q=${encodeURIComponent(query.trim())}`)
        .then(({ users }) => isCurrent && setUsers(users.filter((u) => u.id !== excludeId)))
        .catch(() => isCurrent && setUsers([]));
    }, 200);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [query, excludeId]);
  return users;
}
