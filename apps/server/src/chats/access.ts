/**
 * Who may do what in a chat. Every route and socket event about a chat goes through here:
 * outsiders learn nothing (OutsiderError: 404 over REST, FORBIDDEN over sockets), former members
 * may read what they saw, only current members may write (FORBIDDEN otherwise).
 */
import { sql } from 'drizzle-orm';
import type { DbTimestamp } from '../db/values.js';
import { queryOne, type Tx } from '../db/client.js';
import { AppError, forbidden, outsider } from '../http/errors.js';

export interface Membership {
  chatId: string;
  userId: string;
  chatType: 'ONE_ON_ONE' | 'GROUP';
  chatName: string | null;
  lastSeq: number;
  chatRole: 'ADMIN' | 'MEMBER';
  joinedSeq: number;
  leftSeq: number | null;
  clearedSeq: number;
  lastReadSeq: number;
  lastDeliveredSeq: number;
  isActive: boolean;
  /** When they left or were removed (null while a member). */
  leftAt: DbTimestamp | null;
  isHidden: boolean;
  isPinned: boolean;
  isArchived: boolean;
  isMuted: boolean;
}

export async function findMembership(tx: Tx, chatId: string, userId: string, forUpdate = false): Promise<Membership | undefined> {
  return queryOne<Membership>(
    tx,
    sql`select p.chat_id as "chatId", p.user_id as "userId", c.type as "chatType", c.name as "chatName", c.last_seq as "lastSeq",
          p.chat_role as "chatRole", p.joined_seq as "joinedSeq", p.left_seq as "leftSeq", p.cleared_seq as "clearedSeq",
          p.last_read_seq as "lastReadSeq", p.last_delivered_seq as "lastDeliveredSeq", p.left_at is null as "isActive", p.left_at as "leftAt",
          p.is_hidden as "isHidden", p.is_pinned as "isPinned", p.is_archived as "isArchived", p.is_muted as "isMuted"
        from chat_participants p join chats c on c.id = p.chat_id
        where p.chat_id = ${chatId} and p.user_id = ${userId}
        ${forUpdate ? sql`for update of p` : sql``}`,
  );
}

/** Current or former member: may read what they could see. Anyone else is an outsider. */
export async function requireReader(tx: Tx, chatId: string, userId: string): Promise<Membership> {
  const m = await findMembership(tx, chatId, userId);
  if (!m) throw outsider('Chat');
  return m;
}

/** Current member. Anyone else is an outsider; former members get FORBIDDEN. */
export async function requireMember(tx: Tx, chatId: string, userId: string): Promise<Membership> {
  const m = await findMembership(tx, chatId, userId);
  if (!m) throw outsider('Chat');
  if (!m.isActive) throw forbidden('You are no longer a participant in this chat');
  return m;
}

export function requireGroupAdmin(m: Membership): void {
  if (m.chatType !== 'GROUP') throw new AppError('VALIDATION', 'This is not a group chat');
  if (m.chatRole !== 'ADMIN') throw forbidden('Only group admins can do this');
}
