/**
 * Compile-time only (never bundled or published): the package declares its own copies of the
 * server's types so its declarations stand alone; this keeps the copies in step with the protocol.
 */
import type { Message, User } from '@samvad/protocol';
import type { SamvadMessage, SamvadUser } from './types.js';

type IsAssignable<From, To> = [From] extends [To] ? true : false;
export const messagesMatch: IsAssignable<Message, SamvadMessage> = true;
export const usersMatch: IsAssignable<User, SamvadUser> = true;
