/** REST actions on one message (CONTRACT §5); answers are applied to the store at once. */
import type { Message, Reaction, Recipient } from '@samvad/protocol';
import { api } from '@/lib/api';
import type { ChatClient } from '../chat-state/client';
import { applyMessages, hideMessages, markDeletedForEveryone, patchChatMessage } from '../chat-state/mutations';

export async function editMessage(client: ChatClient, message: Message, content: string): Promise<void> {
  const { message: updated } = await api<{ message: Message }>(`/api/messages/${message.id}`, { method: 'PUT', body: { content } });
  client.store.set((s) => patchChatMessage(s, message.chatId, message.id, () => updated));
}

export async function deleteMessage(client: ChatClient, message: Message, scope: 'me' | 'everyone'): Promise<void> {
  await api(`/api/messages/${message.id}?for=${scope}`, { method: 'DELETE' });
  client.store.set((s) =>
    scope === 'me' ? hideMessages(s, [message.id]) : patchChatMessage(s, message.chatId, message.id, markDeletedForEveryone),
  );
}

/** The same emoji again removes my reaction (CONTRACT §5). */
export async function toggleReaction(client: ChatClient, message: Message, emoji: string): Promise<void> {
  const meId = client.store.get().me.id;
  const isMine = message.reactions.some((r) => r.emoji === emoji && r.users.includes(meId));
  const { reactions } = await api<{ reactions: Reaction[] }>(
    `/api/messages/${message.id}/reactions`,
    isMine ? { method: 'DELETE' } : { method: 'POST', body: { emoji } },
  );
  client.store.set((s) => patchChatMessage(s, message.chatId, message.id, (m) => ({ ...m, reactions })));
}

export async function forwardMessage(client: ChatClient, message: Message, chatIds: string[]): Promise<void> {
  const { messages } = await api<{ messages: Message[] }>(`/api/messages/${message.id}/forward`, { method: 'POST', body: { chatIds } });
  client.store.set((s) => applyMessages(s, messages, { countUnread: false }));
}

export async function messageInfo(message: Message): Promise<Recipient[]> {
  return (await api<{ recipients: Recipient[] }>(`/api/messages/${message.id}/info`)).recipients;
}
