/**
 * REST actions on one message (CONTRACT §5); each answer is applied to the store at once. "Delete for
 * me" only changes this user's view and has no reverse on the server: it waits out its Undo toast.
 */
import type { Message } from '@samvad/protocol';
import { api } from '@/lib/api';
import type { Store } from '@/lib/store';
import { applyMessages, hideMessages, markDeletedForEveryone, patchChatMessage, unhideMessages } from './mutations';
import type { ChatState } from './state';
import type { UndoQueue } from './undo-queue';

export interface MessageActions {
  edit(message: Message, content: string): Promise<void>;
  /** For everyone: at once. For me: hidden at once, sent when its Undo toast expires. */
  remove(message: Message, scope: 'me' | 'everyone'): Promise<void>;
  /** The same emoji again removes my reaction (CONTRACT §5). */
  toggleReaction(message: Message, emoji: string): Promise<void>;
  forward(message: Message, chatIds: string[]): Promise<void>;
}

/** `token`: the session's, so a write sent while signing out still carries it. */
export function createMessageActions({ store, undo, token }: { store: Store<ChatState>; undo: UndoQueue; token: string }): MessageActions {
  return {
    async edit(message, content) {
      const { message: updated } = await api('PUT /api/messages/:id', { params: { id: message.id }, body: { content } });
      store.set((s) => patchChatMessage(s, message.chatId, message.id, () => updated));
    },
    async remove(message, scope) {
      const params = { id: message.id };
      if (scope === 'me') {
        undo.delay('Message deleted', {
          apply: (s) => hideMessages(s, [message.id]),
          revert: (s) => unhideMessages(s, [message.id]),
          send: async (keepalive) => void (await api('DELETE /api/messages/:id', { params, query: { for: 'me' }, keepalive, token })),
          failure: 'Could not delete the message',
        });
        return;
      }
      await api('DELETE /api/messages/:id', { params, query: { for: 'everyone' } });
      store.set((s) => patchChatMessage(s, message.chatId, message.id, markDeletedForEveryone));
    },
    async toggleReaction(message, emoji) {
      const meId = store.get().me.id;
      const isMine = message.reactions.some((r) => r.emoji === emoji && r.users.includes(meId));
      const params = { id: message.id };
      const { reactions } = isMine
        ? await api('DELETE /api/messages/:id/reactions', { params })
        : await api('POST /api/messages/:id/reactions', { params, body: { emoji } });
      store.set((s) => patchChatMessage(s, message.chatId, message.id, (m) => ({ ...m, reactions })));
    },
    async forward(message, chatIds) {
      const { messages } = await api('POST /api/messages/:id/forward', { params: { id: message.id }, body: { chatIds } });
      store.set((s) => applyMessages(s, messages, { countUnread: false }));
    },
  };
}
