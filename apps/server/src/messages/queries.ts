/**
 * Reading messages: the one SELECT every message answer is built from and the presenter that turns
 * a row into the contract's Message (CONTRACT §4). Which rows a member may see: chats/visibility.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Message, MessageStatus, MessageType, Reaction } from '@samvad/protocol';
import { query, type Tx } from '../db/client.js';
import { toIso, uuidArray, type DbTimestamp } from '../db/values.js';
import { userAvatarUrlSql } from '../avatars/urls.js';

export interface MessageRecord {
  id: string;
  chat_id: string;
  seq: number;
  client_id: string | null;
  sender_id: string;
  sender_name: string;
  sender_avatar: string | null;
  content: string | null;
  message_type: MessageType;
  attachment_id: string | null;
  file_name: string | null;
  file_size: number | null;
  mime_type: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  waveform: number[] | null;
  has_thumbnail: boolean | null;
  reply_to_id: string | null;
  reply_content: string | null;
  reply_type: MessageType | null;
  reply_sender_id: string | null;
  reply_sender_name: string | null;
  reply_deleted_at: DbTimestamp | null;
  is_forwarded: boolean;
  context: Record<string, unknown> | null;
  mentions: string[];
  created_at: DbTimestamp;
  edited_at: DbTimestamp | null;
  deleted_at: DbTimestamp | null;
  change_xid: string;
  reactions: { emoji: string; userId: string }[];
}

export const MESSAGE_COLUMNS = sql`
  m.id, m.chat_id, m.seq, m.client_id, m.sender_id, su.name as sender_name, ${sql.raw(userAvatarUrlSql('su'))} as sender_avatar,
  m.content, m.message_type, m.attachment_id, a.file_name, a.file_size, a.mime_type, a.width, a.height,
  a.duration_ms, a.waveform, a.thumbnail_key is not null as has_thumbnail,
  m.reply_to_id, r.content as reply_content, r.message_type as reply_type, r.sender_id as reply_sender_id,
  ru.name as reply_sender_name, r.deleted_at as reply_deleted_at,
  m.is_forwarded, m.context, m.mentions, m.created_at, m.edited_at, m.deleted_at, m.change_xid::text as change_xid,
  coalesce((select json_agg(json_build_object('emoji', x.emoji, 'userId', x.user_id) order by x.created_at)
            from reactions x where x.message_id = m.id), '[]'::json) as reactions`;

// visibility: the callers of selectMessages apply the rule in `where`; a reply carries its quote
// (`r`), as it was shown to everyone it was sent to.
export const MESSAGE_FROM = sql`
  messages m
  join users su on su.id = m.sender_id
  left join attachments a on a.id = m.attachment_id
  left join messages r on r.id = m.reply_to_id
  left join users ru on ru.id = r.sender_id`;

export async function selectMessages(tx: Tx, where: SQL, orderLimit: SQL = sql``): Promise<MessageRecord[]> {
  // visibility: applied by each caller in `where` (each call is checked by visibility-source.test.ts).
  return query<MessageRecord>(tx, sql`select ${MESSAGE_COLUMNS} from ${MESSAGE_FROM} where ${where} ${orderLimit}`);
}

export async function selectMessagesByIds(tx: Tx, ids: readonly string[]): Promise<MessageRecord[]> {
  if (ids.length === 0) return [];
  // visibility: for rows the caller knows the reader may see (each call says why).
  return selectMessages(tx, sql`m.id = any(${uuidArray(ids)})`);
}

/** Receipt watermarks as seen by one member: every message at or below was delivered/read by all others. */
export interface Watermarks {
  deliveredUpToSeq: number;
  readUpToSeq: number;
}

export function statusFor(seq: number, marks: Watermarks): MessageStatus {
  if (seq <= marks.readUpToSeq) return 'READ';
  if (seq <= marks.deliveredUpToSeq) return 'DELIVERED';
  return 'SENT';
}

export const fileUrl = (attachmentId: string) => `/api/files/${attachmentId}`;
export const thumbnailUrl = (attachmentId: string) => `/api/files/${attachmentId}/thumbnail`;

export function presentReactions(list: { emoji: string; userId: string }[]): Reaction[] {
  const byEmoji = new Map<string, string[]>();
  for (const { emoji, userId } of list) byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), userId]);
  return [...byEmoji].map(([emoji, users]) => ({ emoji, count: users.length, users }));
}

/**
 * One presenter for REST answers and socket events alike. `marks` gives the viewer's receipt
 * watermarks for the chat; status is only set on the viewer's own messages.
 */
export function presentMessage(row: MessageRecord, viewerId: string | null, marks: Watermarks | null): Message {
  const isDeleted = row.deleted_at !== null;
  const hasFile = !isDeleted && row.attachment_id !== null;
  const isOwn = viewerId !== null && row.sender_id === viewerId && row.message_type !== 'SYSTEM';
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    clientId: row.client_id,
    sender: { id: row.sender_id, name: row.sender_name, avatarUrl: row.sender_avatar },
    content: isDeleted ? null : row.content,
    messageType: row.message_type,
    fileUrl: hasFile ? fileUrl(row.attachment_id!) : null,
    fileName: hasFile ? row.file_name : null,
    fileSize: hasFile ? row.file_size : null,
    mimeType: hasFile ? row.mime_type : null,
    thumbnailUrl: hasFile && row.has_thumbnail ? thumbnailUrl(row.attachment_id!) : null,
    width: hasFile ? row.width : null,
    height: hasFile ? row.height : null,
    durationMs: hasFile ? row.duration_ms : null,
    waveform: hasFile ? row.waveform : null,
    replyTo:
      row.reply_to_id && row.reply_sender_id
        ? {
            id: row.reply_to_id,
            content: row.reply_deleted_at ? null : row.reply_content,
            messageType: row.reply_type!,
            sender: { id: row.reply_sender_id, name: row.reply_sender_name! },
            isDeleted: row.reply_deleted_at !== null,
          }
        : null,
    isForwarded: row.is_forwarded,
    context: isDeleted ? null : row.context,
    mentions: isDeleted ? [] : row.mentions,
    reactions: isDeleted ? [] : presentReactions(row.reactions),
    status: isOwn ? (marks ? statusFor(row.seq, marks) : 'SENT') : null,
    isEdited: row.edited_at !== null,
    editedAt: toIso(row.edited_at),
    isDeleted,
    deletedAt: toIso(row.deleted_at),
    createdAt: toIso(row.created_at),
  };
}
