'use client';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { Avatar } from '../ui/avatar';
import { Modal } from '../ui/modal';
import { useDirectory } from './use-directory';

export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const client = useChatClient();
  const meId = useChatState((s) => s.me.id);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const users = useDirectory(query, meId);

  async function start(userId: string) {
    try {
      await client.chats.openDirect(userId);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal title="New chat" onClose={onClose}>
      <input
        type="search"
        aria-label="Search people"
        placeholder="Search people by name or email"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="mb-3 w-full rounded-lg bg-slate-100 px-3 py-2 text-sm outline-none dark:bg-slate-800"
      />
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {error}
        </p>
      )}
      <ul aria-label="People" className="space-y-1">
        {users.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              onClick={() => start(u.id)}
              className="flex w-full items-center gap-3 rounded-lg p-2 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <Avatar name={u.name} src={u.avatarUrl} isOnline={u.isOnline} size={36} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">{u.name}</span>
                <span className="block truncate text-xs text-slate-500">
                  {u.email} · {u.role === 'ADMIN' ? 'Admin' : 'Employee'}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
