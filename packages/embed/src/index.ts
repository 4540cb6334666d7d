/**
 * @samvad/embed: the Samvad pieces a host app (the School Assessment system) mounts on its own
 * pages — navbar unread badge, recent-messages widget, quick chat — over one connection per page.
 */
export { SamvadProvider, useSamvad, useUnreadCount, type SamvadProviderProps } from './react/provider.js';
export { useRecentMessages, type RecentMessagesState } from './react/use-recent-messages.js';
export { SamvadChatIcon, type SamvadChatIconProps } from './react/chat-icon.js';
export { SamvadRecentMessages, type SamvadRecentMessagesProps } from './react/recent-messages.js';
export { QuickChatButton, type QuickChatButtonProps } from './react/quick-chat-button.js';
export type { LinkTarget } from './react/open-samvad.js';
export { formatBadge } from './react/format.js';
export { chatUrl, quickChatUrl, withTokenFragment } from './core/links.js';
export { createSamvadClient, SamvadRequestError, type SamvadClient, type SamvadClientOptions } from './core/client.js';
export type {
  ChatContext,
  SamvadMessage,
  SamvadProblem,
  SamvadProblemKind,
  SamvadSnapshot,
  SamvadStatus,
  SamvadUser,
  TokenProvider,
  VisitContext,
} from './core/types.js';
