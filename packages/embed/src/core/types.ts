/**
 * The public types of @samvad/embed. They are declared here, not imported from the server's
 * protocol package, so the published type declarations stand on their own.
 */

/** Returns the host's HS256 JWT for the signed-in user (claims userId, role, name, email). */
export type TokenProvider = () => string | Promise<string>;

/** What a message carries from the host page, e.g. the visit a quick chat is about (spec §7.2). */
export type ChatContext = { type: string } & Record<string, unknown>;

export interface VisitContext extends ChatContext {
  type: 'visit';
  visitId: string;
  schoolName: string;
}

/** The fields of a Samvad message the widgets show (CONTRACT §4 `Message`, abridged). */
export interface SamvadMessage {
  id: string;
  chatId: string;
  seq: number;
  sender: { id: string; name: string; avatarUrl: string | null };
  content: string | null;
  messageType: 'TEXT' | 'IMAGE' | 'FILE' | 'AUDIO' | 'SYSTEM';
  fileName: string | null;
  /** AUDIO: the voice message's length (servers before voice messages leave it out). */
  durationMs?: number | null;
  context: Record<string, unknown> | null;
  isDeleted: boolean;
  createdAt: string;
}

export interface SamvadUser {
  /** The host's own id (opaque), or a UUID for users Samvad created. */
  id: string;
  name: string;
  email: string | null;
  role: 'ADMIN' | 'EMPLOYEE';
  avatarUrl: string | null;
  isActive: boolean;
}

/**
 * Why the widgets cannot show live data:
 * - `origin-not-allowed`: the server answers, but not to this page's origin (CORS_ORIGINS);
 * - `unreachable`: nothing answered (server down, wrong URL, blocked by the network or the page's CSP);
 * - `unauthorized`: the server refused the token (wrong JWT_SECRET, expired, deactivated user);
 * - `token`: the host's token provider failed.
 */
export type SamvadProblemKind = 'origin-not-allowed' | 'unreachable' | 'unauthorized' | 'token';

export interface SamvadProblem {
  kind: SamvadProblemKind;
  message: string;
}

export type SamvadStatus = 'connecting' | 'online' | 'error';

export interface SamvadSnapshot {
  status: SamvadStatus;
  problem: SamvadProblem | null;
  /** Total unread messages across the user's chats; null until the first answer. */
  unreadCount: number | null;
  /** The signed-in user once the socket is authenticated. */
  user: SamvadUser | null;
  /** Grows whenever messages may have changed (new, edited, deleted, reconnect): widgets refetch on it. */
  messagesVersion: number;
}
