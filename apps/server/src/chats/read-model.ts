/**
 * Chats as one member sees them (CONTRACT §4 `Chat`): their name for one-on-one chats, their own
 * settings, their unread count, the last message they can see, and receipt watermarks over the
 * other current members. One query for the chats, one for participants, one for last messages.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BadgeInput, Chat, ChatListQuery, ChatUnread, Participant } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { query, type Tx } from '../db/client.js';
import { textArray, toIso, uuidArray, type DbTimestamp } from '../db/values.js';
import { notFound } from '../http/errors.js';
import { presentMessage, selectMessagesByIds } from '../messages/queries.js';
import { asSeenByFormerMembers } from '../messages/frozen-view.js';
import { visibleToParticipant } from './visibility.js';
import { chatAvatarUrlSql, userAvatarUrlSql } from '../avatars/urls.js';
import { unreadBy } from './unread.js';

interface ChatListRecord {
  id: string;
  type: 'ONE_ON_ONE' | 'GROUP';
  name: string | null;
  description: string | null;
  avatar_url: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  last_seq: number;
  is_pinned: boolean;
  is_archived: boolean;
  is_muted: boolean;
  is_active: boolean;
  last_message_id: string | null;
  unread_count: number;
  unread_mention_count: number;
  delivered_wm: number;
  read_wm: number;
  viewer_id: string;
  left_at: DbTimestamp | null;
}

/** Unread = others' messages the viewer (`p`) may see above their read watermark, not SYSTEM, not deleted. */
const unreadByViewer = unreadBy({ userId: sql`p.user_id`, lastReadSeq: sql`p.last_read_seq` });
const unreadCount = sql`(select count(*)::int from messages m
  where m.chat_id = c.id and ${visibleToParticipant()} and ${unreadByViewer})`;
/** The unread messages that @mention the viewer: they still count in muted and archived chats (badge.ts). */
const unreadMentionCount = sql`(select count(*)::int from messages m
  where m.chat_id = c.id and ${visibleToParticipant()} and ${unreadByViewer} and p.user_id = any(m.mentions))`;

/** The chat rows of each viewer; `where` filters on `p` (the viewer's participant row) and `c`. */
async function selectChatRows(tx: Tx, viewerIds: readonly string[], where: SQL, limit = 1000): Promise<ChatListRecord[]> {
  return query<ChatListRecord>(
    tx,
    sql`select p.user_id as viewer_id, c.id, c.type, c.created_at, c.last_seq,
          -- A group's own picture (not to former members: it may be newer than their time); the other person's for two.
          case when c.type = 'GROUP' then (case when p.left_at is null then ${sql.raw(chatAvatarUrlSql('c'))} end) else
            (select ${sql.raw(userAvatarUrlSql('u'))} from chat_participants o join users u on u.id = o.user_id
              where o.chat_id = c.id and o.user_id <> p.user_id limit 1) end as avatar_url,
          -- A former member sees the group as it was when they left (SECURITY.md: nothing after).
          case when p.left_at is null then c.description else p.left_description end as description,
          case when p.left_at is null then c.updated_at else least(c.updated_at, p.left_at) end as updated_at,
          p.left_at,
          case when c.type = 'GROUP' then (case when p.left_at is null then c.name else p.left_name end) else
            (select u.name from chat_participants o join users u on u.id = o.user_id
              where o.chat_id = c.id and o.user_id <> p.user_id limit 1) end as name,
          p.is_pinned, p.is_archived, p.is_muted, p.left_at is null as is_active,
          lm.id as last_message_id,
          ${unreadCount} as unread_count,
          ${unreadMentionCount} as unread_mention_count,
          coalesce((select min(o.last_delivered_seq) from chat_participants o
            where o.chat_id = c.id and o.user_id <> p.user_id and o.left_at is null), c.last_seq) as delivered_wm,
          coalesce((select min(o.last_read_seq) from chat_participants o
            where o.chat_id = c.id and o.user_id <> p.user_id and o.left_at is null), c.last_seq) as read_wm
        from chat_participants p
        join chats c on c.id = p.chat_id
        left join lateral (
          select m.id, m.created_at from messages m
          where m.chat_id = c.id and ${visibleToParticipant()}
          order by m.seq desc limit 1) lm on true
        where p.user_id = any(${textArray(viewerIds)}) and ${where}
        order by p.is_pinned desc, p.pinned_at desc nulls last, greatest(lm.created_at, p.joined_at) desc, c.id
        limit ${limit}`,
  );
}

interface ParticipantRecord {
  chat_id: string;
  id: string;
  name: string;
  role: 'ADMIN' | 'EMPLOYEE';
  avatar_url: string | null;
  last_seen: DbTimestamp | null;
  chat_role: 'ADMIN' | 'MEMBER';
  joined_at: DbTimestamp;
  is_active: boolean;
}

/** Current participants of the given chats, with presence. */
export async function loadParticipants(ctx: AppContext, tx: Tx, chatIds: readonly string[]): Promise<Map<string, Participant[]>> {
  const rows = chatIds.length
    ? await query<ParticipantRecord>(
        tx,
        sql`select p.chat_id, u.id, u.name, u.role, ${sql.raw(userAvatarUrlSql('u'))} as avatar_url, u.last_seen, u.is_active, p.chat_role, p.joined_at
            from chat_participants p join users u on u.id = p.user_id
            where p.chat_id = any(${uuidArray(chatIds)}) and p.left_at is null
            order by p.chat_role, p.joined_at, u.name`,
      )
    : [];
  const online = await ctx.presence.onlineAmong([...new Set(rows.map((r) => r.id))]);
  const byChat = new Map<string, Participant[]>();
  for (const r of rows) {
    const list = byChat.get(r.chat_id) ?? [];
    list.push(toParticipant(r, { isOnline: online.has(r.id), lastSeen: toIso(r.last_seen) }));
    byChat.set(r.chat_id, list);
  }
  return byChat;
}

/** The members of a chat at a moment (a former member's removal): who had joined and not yet left. */
async function loadParticipantsAt(tx: Tx, chatId: string, at: DbTimestamp): Promise<Participant[]> {
  const rows = await query<ParticipantRecord>(
    tx,
    sql`select p.chat_id, u.id, u.name, u.role, ${sql.raw(userAvatarUrlSql('u'))} as avatar_url, u.last_seen, u.is_active, p.chat_role, p.joined_at
        from chat_participants p join users u on u.id = p.user_id
        where p.chat_id = ${chatId} and p.joined_at <= ${at} and (p.left_at is null or p.left_at >= ${at})
        order by p.chat_role, p.joined_at, u.name`,
  );
  return rows.map((r) => toParticipant(r, { isOnline: false, lastSeen: null }));
}

function toParticipant(r: ParticipantRecord, presence: { isOnline: boolean; lastSeen: string | null }): Participant {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    avatarUrl: r.avatar_url,
    chatRole: r.chat_role,
    ...presence,
    joinedAt: toIso(r.joined_at),
    isActive: r.is_active,
  };
}

/** Rows of one viewer or several (one chat for many viewers): participants and messages load once. */
async function presentChats(ctx: AppContext, tx: Tx, rows: ChatListRecord[]): Promise<Chat[]> {
  const chatIds = [...new Set(rows.map((r) => r.id))];
  // visibility: each chat's last message as chosen under the rule in selectChatRows.
  const [participants, lastMessages] = await Promise.all([
    loadParticipants(ctx, tx, chatIds),
    selectMessagesByIds(tx, [...new Set(rows.map((r) => r.last_message_id).filter((id): id is string => id !== null))]),
  ]);
  const messageById = new Map(lastMessages.map((m) => [m.id, m]));
  // Former members: the members as they were at their removal, without presence.
  const formerRows = rows.filter((r) => r.left_at !== null);
  const membersAtRemoval = new Map(
    await Promise.all(formerRows.map(async (r) => [`${r.viewer_id} ${r.id}`, await loadParticipantsAt(tx, r.id, r.left_at!)] as const)),
  );
  const frozenLast = await asSeenByFormerMembers(
    tx,
    formerRows.flatMap((r) => {
      const last = r.last_message_id ? messageById.get(r.last_message_id) : undefined;
      return last ? [{ viewerId: r.viewer_id, leftAt: r.left_at!, record: last }] : [];
    }),
  );
  return rows.map((r) => {
    const marks = { deliveredUpToSeq: r.delivered_wm, readUpToSeq: r.read_wm };
    const last = r.last_message_id
      ? (frozenLast.get(`${r.viewer_id} ${r.last_message_id}`) ?? messageById.get(r.last_message_id))
      : undefined;
    return {
      id: r.id,
      type: r.type,
      isGroup: r.type === 'GROUP',
      name: r.name,
      description: r.description,
      avatarUrl: r.avatar_url,
      participants: (r.left_at === null ? participants.get(r.id) : membersAtRemoval.get(`${r.viewer_id} ${r.id}`)) ?? [],
      lastMessage: last ? presentMessage(last, r.viewer_id, marks) : null,
      unreadCount: r.unread_count,
      unreadMentionCount: r.unread_mention_count,
      isPinned: r.is_pinned,
      isArchived: r.is_archived,
      isMuted: r.is_muted,
      isMember: r.is_active,
      deliveredUpToSeq: marks.deliveredUpToSeq,
      readUpToSeq: marks.readUpToSeq,
      createdAt: toIso(r.created_at),
      updatedAt: toIso(r.updated_at),
    };
  });
}

export async function listChats(ctx: AppContext, viewerId: string, q: ChatListQuery): Promise<Chat[]> {
  const filters: SQL[] = [sql`not p.is_hidden`];
  filters.push(q.filter === 'archived' ? sql`p.is_archived` : sql`not p.is_archived`);
  if (q.filter === 'groups') filters.push(sql`c.type = 'GROUP'`);
  let rows = await selectChatRows(ctx.db, [viewerId], sql.join(filters, sql` and `));
  if (q.filter === 'unread') rows = rows.filter((r) => r.unread_count > 0);
  const needle = q.q?.trim().toLowerCase();
  if (needle) rows = rows.filter((r) => (r.name ?? '').toLowerCase().includes(needle));
  return presentChats(ctx, ctx.db, rows);
}

/** The given chats as the viewer sees them (hidden ones included), in list order. */
export async function loadChatsFor(ctx: AppContext, tx: Tx, viewerId: string, chatIds: readonly string[]): Promise<Chat[]> {
  if (chatIds.length === 0) return [];
  const rows = await selectChatRows(tx, [viewerId], sql`p.chat_id = any(${uuidArray(chatIds)})`);
  return presentChats(ctx, tx, rows);
}

/**
 * One chat as each of the given viewers sees it, in three queries however many they are (a
 * membership change in a large group tells every member). Viewers without a row are left out.
 */
export async function loadChatForViewers(ctx: AppContext, chatId: string, viewerIds: readonly string[]): Promise<Map<string, Chat>> {
  if (viewerIds.length === 0) return new Map();
  const rows = await selectChatRows(ctx.db, viewerIds, sql`p.chat_id = ${chatId}`, viewerIds.length);
  const chats = await presentChats(ctx, ctx.db, rows);
  return new Map(rows.map((r, i) => [r.viewer_id, chats[i]!]));
}

export async function getChat(ctx: AppContext, viewerId: string, chatId: string, tx: Tx = ctx.db): Promise<Chat> {
  const [chat] = await loadChatsFor(ctx, tx, viewerId, [chatId]);
  if (!chat) throw notFound('Chat');
  return chat;
}

/** Unread counts of the viewer's chats that have any (the navbar badge), hidden chats excluded. */
export async function unreadByChat(tx: Tx, viewerId: string): Promise<(ChatUnread & BadgeInput)[]> {
  const rows = await query<{ chat_id: string; unread: number; mentions: number; is_muted: boolean; is_archived: boolean }>(
    tx,
    sql`select * from (
          select p.chat_id, p.is_muted, p.is_archived, ${unreadCount} as unread, ${unreadMentionCount} as mentions
          from chat_participants p join chats c on c.id = p.chat_id
          where p.user_id = ${viewerId} and not p.is_hidden and c.last_seq > p.last_read_seq) x
        where unread > 0 order by chat_id`,
  );
  return rows.map((r) => ({
    chatId: r.chat_id,
    unreadCount: r.unread,
    unreadMentionCount: r.mentions,
    isMuted: r.is_muted,
    isArchived: r.is_archived,
  }));
}
