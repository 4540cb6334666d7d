'use client';
import { useState, type FormEvent } from 'react';
import { MAX_GROUP_DESCRIPTION_LENGTH, MAX_GROUP_NAME_LENGTH } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { Avatar } from '../ui/avatar';
import { Modal } from '../ui/modal';
import { useDirectory } from './use-directory';

export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const client = useChatClient();
  const meId = useChatState((s) => s.me.id);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const users = useDirectory(query, meId);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      const chat = await client.chats.createGroup({ name, description: description || undefined, participantIds: Object.keys(selected) });
      client.openChat(chat.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const field = 'w-full rounded-lg bg-slate-100 px-3 py-2 text-sm outline-none dark:bg-slate-800';
  return (
    <Modal title="New group" onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-3">
        <input
          aria-label="Group name"
          placeholder="Group name"
          required
          maxLength={MAX_GROUP_NAME_LENGTH}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={field}
        />
        <textarea
          aria-label="Description"
          placeholder="Description (optional)"
          maxLength={MAX_GROUP_DESCRIPTION_LENGTH}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          className={field}
          rows={2}
        />
        <input
          type="search"
          aria-label="Search people"
          placeholder="Add people"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={field}
        />
        <ul aria-label="People" className="max-h-56 space-y-1 overflow-y-auto">
          {users.map((u) => (
            <li key={u.id}>
              <label className="flex items-center gap-3 rounded-lg p-2 hover:bg-slate-100 dark:hover:bg-slate-800">
                <input
                  type="checkbox"
                  checked={u.id in selected}
                  onChange={(e) =>
                    setSelected((s) => {
                      const next = { ...s };
                      if (e.target.checked) next[u.id] = u.name;
                      else delete next[u.id];
                      return next;
                    })
                  }
                />
                <Avatar name={u.name} src={u.avatarUrl} size={32} />
                <span>{u.name}</span>
              </label>
            </li>
          ))}
        </ul>
        {Object.keys(selected).length > 0 && <p className="text-xs text-slate-500">Members: {Object.values(selected).join(', ')}</p>}
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
        <button type="submit" className="w-full rounded-lg bg-emerald-700 py-2 font-medium text-white hover:bg-emerald-800">
          Create group
        </button>
      </form>
    </Modal>
  );
}
