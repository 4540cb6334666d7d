'use client';
import { useMemo, useState } from 'react';
import type { Message } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { sortChats } from '../chat-state/state';
import { Modal } from '../ui/modal';

/** Chat picker for forwarding one message to several chats at once. */
export function ForwardDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const client = useChatClient();
  const chats = useChatState((s) => s.chats);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const targets = useMemo(() => sortChats(Object.values(chats)).filter((c) => c.isMember !== false), [chats]);

  async function submit() {
    try {
      await client.messages.forward(message, selected);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal title="Forward message to" onClose={onClose}>
      <ul aria-label="Forward to" className="space-y-1">
        {targets.map((c) => (
          <li key={c.id}>
            <label className="flex items-center gap-3 rounded p-2 hover:bg-slate-100 dark:hover:bg-slate-800">
              <input
                type="checkbox"
                checked={selected.includes(c.id)}
                onChange={(e) => setSelected((s) => (e.target.checked ? [...s, c.id] : s.filter((id) => id !== c.id)))}
              />
              {c.name}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="button"
        disabled={selected.length === 0}
        onClick={submit}
        className="mt-3 w-full rounded-lg bg-emerald-700 py-2 font-medium text-white disabled:opacity-40"
      >
        Forward{selected.length > 1 ? ` to ${selected.length} chats` : ''}
      </button>
    </Modal>
  );
}
