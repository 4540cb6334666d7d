'use client';
/**
 * What is open on /chat, as a URL: the one home for the chat page's browser history.
 *
 *   /chat                         the list
 *   /chat?chat=<id>               a conversation (&message=<id>: scrolled to that message, highlighted)
 *   …&panel=info | panel=search   the chat's info or its search panel over it
 *   …&image=<messageId>           the image viewer over it
 *
 * Opening something pushes an entry that remembers the URL it was opened from, so Back closes the
 * top-most thing. Closing goes back to that entry when it is the one below (so history does not grow
 * by closing), else replaces the URL (after a link straight to an inner state).
 * The URL is written with the History API, which Next.js's router follows (useSearchParams).
 */
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';

export type ChatPanel = 'info' | 'search';

export interface ChatLocation {
  chatId: string | null;
  messageId: string | null;
  panel: ChatPanel | null;
  imageId: string | null;
}

export const LIST: ChatLocation = { chatId: null, messageId: null, panel: null, imageId: null };

interface EntryState {
  /** The href this entry was opened on top of. */
  openedFrom?: string;
}

export function parseChatLocation(params: Pick<URLSearchParams, 'get'>): ChatLocation {
  const chatId = params.get('chat') || null;
  if (!chatId) return LIST;
  const panel = params.get('panel');
  return {
    chatId,
    messageId: params.get('message') || null,
    panel: panel === 'info' || panel === 'search' ? panel : null,
    imageId: params.get('image') || null,
  };
}

export function chatLocationHref(location: ChatLocation): string {
  const params = new URLSearchParams();
  if (location.chatId) {
    params.set('chat', location.chatId);
    if (location.messageId) params.set('message', location.messageId);
    if (location.panel) params.set('panel', location.panel);
    if (location.imageId) params.set('image', location.imageId);
  }
  const query = params.toString();
  return query ? `/chat?${query}` : '/chat';
}

const currentHref = () => `${window.location.pathname}${window.location.search}`;
const entryState = () => (window.history.state ?? {}) as EntryState;

/** What the address bar says now (outside React, e.g. in a store listener). */
export function currentChatLocation(): ChatLocation {
  return parseChatLocation(new URLSearchParams(window.location.search));
}

/** Opens `location` on top of what is shown: Back comes back here. */
export function pushChatLocation(location: ChatLocation) {
  // Only our own field: Next.js copies its router state into the entry and then follows the URL.
  window.history.pushState({ openedFrom: currentHref() } satisfies EntryState, '', chatLocationHref(location));
}

/** Shows `location` in this entry's place (another chat instead of this one, a host link consumed). */
export function replaceChatLocation(location: ChatLocation) {
  window.history.replaceState({ openedFrom: entryState().openedFrom } satisfies EntryState, '', chatLocationHref(location));
}

/** The href a Back is under way from: a second close (a double click) must not go back twice. */
let backPendingFrom: string | null = null;

/** Closes the top-most thing, leaving `location` shown. */
export function closeToChatLocation(location: ChatLocation) {
  if (entryState().openedFrom !== chatLocationHref(location)) return replaceChatLocation(location);
  if (backPendingFrom === currentHref()) return;
  backPendingFrom = currentHref();
  window.addEventListener('popstate', () => (backPendingFrom = null), { once: true });
  window.history.back();
}

/** The location as React state: re-renders on pushes, replacements and Back/Forward. */
export function useChatLocation(): ChatLocation {
  const params = useSearchParams();
  return useMemo(() => parseChatLocation(params), [params]);
}
