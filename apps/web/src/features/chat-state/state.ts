/** The client's view of the world: chats, loaded message windows, presence, typing, outbox. */
import { badgeTotal, type Chat, type Message, type Settings, type User } from '@samvad/protocol';
import type { Drafts } from '@/lib/drafts';
import type { OutboxEntry } from '@/lib/outbox';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface MessageWindow {
  items: Message[];
  /** Older messages exist on the server (scroll up loads them). */
  hasMore: boolean;
  /** Newer messages exist (after jumping to an old message); live messages are not appended then. */
  hasNewer: boolean;
  loading: boolean;
  /** Read back from the device's offline snapshot: shown until the server's newest page replaces it. */
  isSaved?: boolean;
}

export interface Presence {
  isOnline: boolean;
  lastSeen: string | null;
}

/** A short message at the bottom of the screen; `canUndo` ones offer Undo while they last. */
export interface Toast {
  id: string;
  text: string;
  canUndo: boolean;
}

export interface ChatState {
  me: User;
  connection: ConnectionState;
  chats: Record<string, Chat>;
  chatsLoaded: boolean;
  /** Set while the list shown is the device's offline snapshot (when it was taken, ISO). */
  savedAt: string | null;
  activeChatId: string | null;
  /** A message to scroll to and highlight (reply quote, search hit). */
  focusMessageId: string | null;
  /** Unread messages of the active chat when it was opened: the count on the "N unread" divider. */
  unreadAtOpen: number;
  /** The first of them, where the divider goes (the server says which when the chat opens). */
  unreadFromId: string | null;
  windows: Record<string, MessageWindow>;
  /** chatId → userId → name, for "X is typing…". */
  typing: Record<string, Record<string, string>>;
  presence: Record<string, Presence>;
  outbox: OutboxEntry[];
  hiddenMessageIds: Record<string, true>;
  /** What waits in each chat's composer (text, reply, a host app's context card), kept across reloads. */
  drafts: Drafts;
  settings: Settings;
  toasts: Toast[];
}

export function initialState(me: User): ChatState {
  return {
    me,
    connection: 'connecting',
    chats: {},
    chatsLoaded: false,
    savedAt: null,
    activeChatId: null,
    focusMessageId: null,
    unreadAtOpen: 0,
    unreadFromId: null,
    windows: {},
    typing: {},
    presence: {},
    outbox: [],
    hiddenMessageIds: {},
    drafts: {},
    settings: { soundEnabled: true, desktopNotifications: true, notificationPreview: true },
    toasts: [],
  };
}

/** Pinned first, then latest activity (CONTRACT §5 order), computed on the client for live updates. */
export function sortChats(chats: Chat[]): Chat[] {
  const activity = (c: Chat) => c.lastMessage?.createdAt ?? c.updatedAt;
  return chats.slice().sort((a, b) => Number(b.isPinned) - Number(a.isPinned) || activity(b).localeCompare(activity(a)));
}

/** The navbar and title badge: muted and archived chats count only their @mentions (badge.ts in the protocol). */
export function unreadBadge(chats: Record<string, Chat>): number {
  return badgeTotal(Object.values(chats));
}
