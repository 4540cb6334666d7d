/** REST actions on one message (CONTRACT §5); each answer is applied to the store at once. */
import type { Message, ReactionEmoji } from '@samvad/protocol';
import { api } from '@/lib/api';
import type { Store } from '@/lib/store';
import { applyMessages, hideMessages, markDeletedForEveryone, patchChatMessage } from './mutations';
import type { ChatState } from './state';

export interface MessageActions {
  edit(message: Message, content: string): Promise<void>;
  remove(message: Message, scope: 'me' | 'everyone'): Promise<void>;
  /** The same emoji again removes my reaction (CONTRACT §5). */
  toggleReaction(message: Message, emoji: string): Promise<void>;
  forward(message: Message, chatIds: string[]): Promise<void>;
}

export function createMessageActions(store: Store<ChatState>): MessageActions {
  return {
    async edit(message, content) {
      const { message: updated } = await api('PUT /api/messages/:id', { params: { id: message.id }, body: { content } });
      store.set((s) => patchChatMessage(s, message.chatId, message.id, () => updated));
    },
    async remove(message, scope) {
      await api('DELETE /api/messages/:id', { params: { id: message.id }, query: { for: scope } });
      store.set((s) =>
        scope === 'me' ? hideMessages(s, [message.id]) : patchChatMessage(s, message.chatId, message.id, markDeletedForEveryone),
      );
    },
    async toggleReaction(message, emoji) {
      const meId = store.get().me.id;
      const isMine = message.reactions.some((r) => r.emoji === emoji && r.users.includes(meId));
      const params = { id: message.id };
      // A reaction chip passes a Reaction's emoji (a string); the server checks it is one of the set.
      const { reactions } = isMine
        ? await api('DELETE /api/messages/:id/reactions', { params })
        : await api('POST /api/messages/:id/reactions', { params, body: { emoji: emoji as ReactionEmoji } });
      store.set((s) => patchChatMessage(s, message.chatId, message.id, (m) => ({ ...m, reactions })));
    },
    async forward(message, chatIds) {
      const { messages } = await api('POST /api/messages/:id/forward', { params: { id: message.id }, body: { chatIds } });
      store.set((s) => applyMessages(s, messages, { countUnread: false }));
    },
  };
}
