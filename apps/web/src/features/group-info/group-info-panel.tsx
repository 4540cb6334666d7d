'use client';
/** Chat details: group name/description, members with roles and presence, admin actions, leave. */
import { useState, type FormEvent } from 'react';
import { MAX_GROUP_DESCRIPTION_LENGTH, MAX_GROUP_NAME_LENGTH, type Chat, type ChatRole } from '@samvad/protocol';
import { errorMessage } from '@/lib/api';
import { lastSeenLabel } from '@/lib/dates';
import { useChatClient, useChatState } from '../chat-state/chat-context';
import { useDirectory } from '../chat-list/use-directory';
import { Avatar } from '../ui/avatar';
import { useConfirm } from '../ui/confirm-dialog';
import { SidePanel } from '../ui/side-panel';
import { PictureField } from '../pictures/picture-field';

export function GroupInfoPanel({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const client = useChatClient();
  const me = useChatState((s) => s.me);
  const presence = useChatState((s) => s.presence);
  const confirm = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const [isEditing, setIsEditing] = useState(false);
  const isGroupAdmin = chat.participants.some((p) => p.id === me.id && p.chatRole === 'ADMIN');

  const act = (action: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const setRole = (userId: string, chatRole: ChatRole) => act(() => client.members.setRole(chat.id, userId, chatRole));
  const remove = (userId: string, name: string | null) =>
    act(async () => {
      const isConfirmed = await confirm({
        title: `Remove ${name ?? 'this member'}?`,
        message: `${name ?? 'They'} will be removed from “${chat.name}”. They will still see the messages from before, but no new ones.`,
        confirmLabel: 'Remove',
      });
      if (isConfirmed) await client.members.remove(chat.id, userId);
    });
  const leave = act(async () => {
    const isConfirmed = await confirm({
      title: `Leave “${chat.name}”?`,
      message: 'You will no longer get messages from this group. The other members will see that you left.',
      confirmLabel: 'Leave group',
    });
    if (isConfirmed) await client.members.leave(chat.id);
  });

  return (
    <SidePanel
      label={chat.isGroup ? 'Group info' : 'Contact info'}
      title={chat.isGroup ? 'Group info' : 'Contact info'}
      closeLabel="Close info"
      onClose={onClose}
    >
      <div className="min-h-0 flex-1 overflow-y-auto p-4">
        <div className="flex flex-col items-center gap-2 text-center">
          <PictureField
            name={chat.name}
            avatarUrl={chat.avatarUrl}
            size={72}
            label="Group picture"
            canEdit={chat.isGroup && isGroupAdmin}
            onSave={(picture) => client.chats.setPicture(chat.id, picture)}
            onRemove={() => client.chats.setPicture(chat.id, null)}
          />
          {isEditing ? (
            <GroupDetailsForm chat={chat} onDone={() => setIsEditing(false)} />
          ) : (
            <>
              <h3 className="text-lg font-semibold">{chat.name}</h3>
              {chat.description && <p className="text-sm text-slate-600 dark:text-slate-300">{chat.description}</p>}
              {chat.isGroup && isGroupAdmin && (
                <button
                  type="button"
                  onClick={() => setIsEditing(true)}
                  className="text-sm font-medium text-emerald-700 dark:text-emerald-400"
                >
                  Edit name and description
                </button>
              )}
            </>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-3 text-sm text-red-600">
            {error}
          </p>
        )}
        {chat.isGroup && (
          <>
            <div className="mt-5 flex items-center justify-between">
              <h4 className="text-sm font-medium text-slate-500 dark:text-slate-400">{chat.participants.length} members</h4>
              {isGroupAdmin && (
                <button
                  type="button"
                  onClick={() => setIsAdding((v) => !v)}
                  className="text-sm font-medium text-emerald-700 dark:text-emerald-400"
                >
                  {isAdding ? 'Done' : 'Add members'}
                </button>
              )}
            </div>
            {isAdding && <AddMembers chat={chat} />}
            <ul aria-label="Members" className="mt-2 space-y-1">
              {chat.participants.map((p) => {
                const live = presence[p.id];
                const isOnline = live?.isOnline ?? p.isOnline;
                return (
                  <li key={p.id} className="flex items-center gap-3 rounded p-1.5">
                    <Avatar name={p.name} src={p.avatarUrl} isOnline={isOnline} size={36} />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium">{p.id === me.id ? 'You' : p.name}</span>
                      <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
                        {p.isActive === false ? 'Deactivated' : isOnline ? 'online' : lastSeenLabel(live?.lastSeen ?? p.lastSeen)}
                      </span>
                    </span>
                    {p.chatRole === 'ADMIN' && (
                      <span className="rounded bg-emerald-100 px-1.5 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">
                        Admin
                      </span>
                    )}
                    {isGroupAdmin && p.id !== me.id && (
                      <span className="flex flex-col text-xs">
                        <button
                          type="button"
                          className="text-emerald-700 dark:text-emerald-400"
                          onClick={setRole(p.id, p.chatRole === 'ADMIN' ? 'MEMBER' : 'ADMIN')}
                        >
                          {p.chatRole === 'ADMIN' ? 'Dismiss admin' : 'Make admin'}
                        </button>
                        <button type="button" className="text-red-600" onClick={remove(p.id, p.name)} aria-label={`Remove ${p.name}`}>
                          Remove
                        </button>
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            {chat.isMember !== false && (
              <button
                type="button"
                onClick={leave}
                className="mt-5 w-full rounded-lg border border-red-300 py-2 text-sm font-medium text-red-600 hover:bg-red-50 dark:text-red-400 dark:border-red-800 dark:hover:bg-red-950"
              >
                Leave group
              </button>
            )}
          </>
        )}
      </div>
    </SidePanel>
  );
}

function AddMembers({ chat }: { chat: Chat }) {
  const client = useChatClient();
  const [query, setQuery] = useState('');
  const users = useDirectory(query, '').filter((u) => !chat.participants.some((p) => p.id === u.id));
  const [error, setError] = useState<string | null>(null);
  async function add(userId: string) {
    try {
      await client.members.add(chat.id, [userId]);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="mt-2 rounded-lg bg-slate-50 p-2 dark:bg-slate-800">
      <input
        type="search"
        aria-label="Search people"
        placeholder="Search people"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="w-full rounded bg-white px-2 py-1 text-sm dark:bg-slate-900"
      />
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
      <ul className="mt-1 max-h-40 overflow-y-auto">
        {users.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              onClick={() => add(u.id)}
              className="flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm hover:bg-slate-200 dark:hover:bg-slate-700"
            >
              <Avatar name={u.name} src={u.avatarUrl} size={28} />+ {u.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function GroupDetailsForm({ chat, onDone }: { chat: Chat; onDone: () => void }) {
  const client = useChatClient();
  const [name, setName] = useState(chat.name ?? '');
  const [description, setDescription] = useState(chat.description ?? '');
  const [error, setError] = useState<string | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await client.chats.update(chat.id, { name, description: description.trim() ? description : null });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const field = 'w-full rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-800';
  return (
    <form onSubmit={save} className="w-full space-y-2 text-left">
      <input
        aria-label="Group name"
        required
        maxLength={MAX_GROUP_NAME_LENGTH}
        value={name}
        onChange={(e) => setName(e.target.value)}
        className={field}
      />
      <textarea
        aria-label="Description"
        rows={2}
        maxLength={MAX_GROUP_DESCRIPTION_LENGTH}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        className={field}
      />
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2 text-sm">
        <button type="button" onClick={onDone} className="rounded px-3 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
          Cancel
        </button>
        <button type="submit" className="rounded bg-emerald-700 px-3 py-1 text-white">
          Save
        </button>
      </div>
    </form>
  );
}
