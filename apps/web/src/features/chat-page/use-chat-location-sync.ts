'use client';
/**
 * Keeps the open chat (the store's `activeChatId`, and a message to focus) and the URL in step.
 * Chats are opened from many places (the list, search, a notification, a new chat), all through
 * `client.openChat`; this is the one listener that writes that into the history (chat-location.ts).
 * The other way, an address (reload, Back/Forward, a link) opens its chat once the list is loaded;
 * a chat the user may not see is refused with a notice, leaving the list.
 */
import { useEffect, useRef } from 'react';
import type { ChatClient } from '../chat-state/client';
import { closeToChatLocation, currentChatLocation, LIST, pushChatLocation, replaceChatLocation, useChatLocation } from './chat-location';

const CHAT_NOT_FOUND = 'That chat does not exist, or you are not a member of it.';

export function useChatLocationSync(client: ChatClient, isLoaded: boolean) {
  const location = useChatLocation();
  /** The chat and message last shown from the URL or written into it, so neither side echoes the other. */
  const shownKey = useRef<string | null>(null);

  // URL → store.
  useEffect(() => {
    if (!isLoaded) return;
    const key = `${location.chatId}|${location.messageId}`;
    if (shownKey.current === key) return;
    shownKey.current = key;
    const { chatId, messageId } = location;
    if (!chatId) {
      client.openChat(null);
      return;
    }
    const open = () => client.openChat(chatId, messageId ?? undefined);
    if (client.store.get().chats[chatId]) return open();
    // Not in the list: a hidden chat comes back with its details; an unknown or forbidden one does not.
    void client.refreshChat(chatId).then(() => {
      if (currentChatLocation().chatId !== chatId) return;
      if (client.store.get().chats[chatId]) return open();
      client.toasts.notify(CHAT_NOT_FOUND);
      replaceChatLocation(LIST);
    });
  }, [isLoaded, location, client]);

  // Store → URL.
  useEffect(() => {
    let previous = client.store.get();
    const unsubscribe = client.store.subscribe(() => {
      const state = client.store.get();
      const isChatChanged = state.activeChatId !== previous.activeChatId;
      const isNewFocus = state.focusMessageId !== null && state.focusMessageId !== previous.focusMessageId;
      previous = state;
      if (!isChatChanged && !isNewFocus) return;
      const current = currentChatLocation();
      const wanted = {
        ...(current.chatId === state.activeChatId ? current : LIST),
        chatId: state.activeChatId,
        messageId: state.focusMessageId ?? (current.chatId === state.activeChatId ? current.messageId : null),
      };
      shownKey.current = `${wanted.chatId}|${wanted.messageId}`;
      if (current.chatId === wanted.chatId && current.messageId === wanted.messageId) return; // the URL opened it
      if (!wanted.chatId) closeToChatLocation(LIST);
      // Another chat in this one's place, so Back still goes to the list; a host link is not kept.
      else if (current.chatId || new URLSearchParams(window.location.search).has('with')) replaceChatLocation(wanted);
      else pushChatLocation(wanted);
    });
    return () => {
      unsubscribe();
      client.openChat(null);
    };
  }, [client]);
}
