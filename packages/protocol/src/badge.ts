/**
 * The unread badge (web navbar, document title, the host app's chat icon): the one rule for what a
 * chat adds to it. As in WhatsApp, muted and archived chats stay quiet: only unread messages that
 * @mention the reader count from them; every other chat counts all its unread messages.
 */
import type { Chat } from './objects.js';

export type BadgeInput = Pick<Chat, 'unreadCount' | 'unreadMentionCount' | 'isMuted' | 'isArchived'>;

/** How many of this chat's unread messages the badge counts. */
export function badgeUnread(chat: BadgeInput): number {
  return chat.isMuted || chat.isArchived ? chat.unreadMentionCount : chat.unreadCount;
}

export function badgeTotal(chats: Iterable<BadgeInput>): number {
  let total = 0;
  for (const chat of chats) total += badgeUnread(chat);
  return total;
}
