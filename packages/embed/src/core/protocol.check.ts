/**
 * Compile-time only (never bundled or published): the package declares its own copies of the
 * server's types so its declarations stand alone; this keeps the copies in step with the protocol,
 * and the answers the widgets read in step with the REST route map.
 */
import type { Message, RouteData, User } from '@samvad/protocol';
import type { SamvadMessage, SamvadUser } from './types.js';

type IsAssignable<From, To> = [From] extends [To] ? true : false;
export const messagesMatch: IsAssignable<Message, SamvadMessage> = true;
export const usersMatch: IsAssignable<User, SamvadUser> = true;
// What client.ts and use-recent-messages.ts read from GET /api/unread and /api/messages/recent.
export const unreadMatches: IsAssignable<RouteData<'GET /api/unread'>, { unreadCount: number }> = true;
export const recentMatches: IsAssignable<RouteData<'GET /api/messages/recent'>, { messages: SamvadMessage[] }> = true;
