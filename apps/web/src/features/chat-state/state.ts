/** The client's view of the world: chats, loaded message windows, presence, typing, outbox. */
import type { Chat, Message, Settings, User } from '@samvad/protocol';
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
  /** Unread messages of the active chat when it was opened: where the "N unread" divider goes. */
  unreadAtOpen: number;
  windows: Record<string, MessageWindow>;
  /** chatId → userId → name, for "X is typing…". */
  typing: Record<string, Record<string, string>>;
  presence: Record<string, Presence>;
  outbox: OutboxEntry[];
  hiddenMessageIds: Record<string, true>;
  /** Context waiting in a chat's composer (a host app's quick chat): it goes with the next message sent. */
  composerContexts: Record<string, Record<string, unknown>>;
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
    windows: {},
    typing: {},
    presence: {},
    outbox: [],
    hiddenMessageIds: {},
    composerContexts: {},
    settings: { soundEnabled: true, desktopNotifications: true, notificationPreview: true },
    toasts: [],
  };
}

/** Pinned first, then latest activity (CONTRACT §5 order), computed on the client for live updates. */
export function sortChats(chats: Chat[]): Chat[] {
  const activity = (c: Chat) => c.lastMessage?.createdAt ?? c.updatedAt;
  return chats.slice().sort((a, b) => Number(b.isPinned) - Number(a.isPinned) || activity(b).localeCompare(activity(a)));
}

export function totalUnread(chats: Record<string, Chat>): number {
  return Object.values(chats).reduce((sum, c) => sum + c.unreadCount, 0);
}
