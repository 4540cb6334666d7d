/**
 * Attachments: turning a received upload into stored bytes plus an `attachments` row, and deciding
 * who may download one. An attachment is reachable by its uploader and by whoever can see a
 * message that carries it (current or former member, within what they may see of that chat).
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Attachment } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { queryOne } from '../db/client.js';
import { smallintArray } from '../db/values.js';
import { notFound } from '../http/errors.js';
import { fileUrl, thumbnailUrl } from '../messages/queries.js';
import { verifyContent, type AttachmentKind } from './file-types.js';
import { processImage } from './images.js';
import { analyseVoice, type VoiceFacts } from './audio/analyse.js';
import type { ReceivedUpload } from './receive-upload.js';
import { visibleToParticipant } from '../chats/visibility.js';

export interface AttachmentRecord {
  id: string;
  kind: AttachmentKind;
  storage_key: string;
  thumbnail_key: string | null;
  file_name: string;
  mime_type: string;
  file_size: number;
}

const STORAGE_FOLDERS: Record<AttachmentKind, string> = { IMAGE: 'chat-images', FILE: 'chat-files', AUDIO: 'chat-voice' };
export const storageKeyFor = (kind: AttachmentKind, id: string) => `${STORAGE_FOLDERS[kind]}/${id}`;
export const thumbnailKeyFor = (id: string) => `chat-images/${id}-thumb.webp`;

/**
 * Checks the bytes, re-encodes images, stores everything and records the attachment. The caller's
 * temporary file is always removed; nothing is left behind when any step fails.
 */
export async function storeAttachment(ctx: AppContext, uploaderId: string, chatId: string, upload: ReceivedUpload): Promise<Attachment> {
  const id = crypto.randomUUID();
  const { type } = upload;
  const temps = [upload.tempPath];
  const stored: string[] = [];
  try {
    await verifyContent(upload.tempPath, type);
    let source = upload.tempPath;
    let size = upload.size;
    let width: number | null = null;
    let height: number | null = null;
    let thumbnailKey: string | null = null;
    let voice: VoiceFacts | null = null;
    if (type.kind === 'AUDIO') voice = await analyseVoice(upload.tempPath, type.mimeType, upload.waveform);
    if (type.kind === 'IMAGE') {
      const output = `${upload.tempPath}.out`;
      const thumbnail = `${upload.tempPath}.thumb`;
      temps.push(output, thumbnail);
      ({ width, height, size } = await processImage(upload.tempPath, type.mimeType, output, thumbnail));
      source = output;
      thumbnailKey = thumbnailKeyFor(id);
      stored.push(thumbnailKey);
      await ctx.storage.putFile(thumbnailKey, thumbnail, 'image/webp');
    }
    const storageKey = storageKeyFor(type.kind, id);
    stored.push(storageKey);
    await ctx.storage.putFile(storageKey, source, type.mimeType);
    await ctx.db.execute(
      sql`insert into attachments (id, uploader_id, chat_id, kind, storage_key, thumbnail_key, file_name, mime_type, file_size, width, height,
                                   duration_ms, waveform, created_at)
          values (${id}, ${uploaderId}, ${chatId}, ${type.kind}, ${storageKey}, ${thumbnailKey}, ${upload.fileName}, ${type.mimeType},
                  ${size}, ${width}, ${height}, ${voice?.durationMs ?? null}, ${voice ? smallintArray(voice.waveform) : null}, ${ctx.clock.now()})`,
    );
    stored.length = 0; // committed: keep the bytes
    return {
      attachmentId: id,
      fileUrl: fileUrl(id),
      fileName: upload.fileName,
      fileSize: size,
      mimeType: type.mimeType,
      thumbnailUrl: thumbnailKey ? thumbnailUrl(id) : null,
      width,
      height,
      durationMs: voice?.durationMs ?? null,
      waveform: voice?.waveform ?? null,
    };
  } finally {
    await Promise.all([
      ...temps.map((file) => fsp.rm(file, { force: true })),
      ...stored.map((key) => ctx.storage.delete(key).catch((err) => ctx.logger.warn({ err, key }, 'could not remove stored upload'))),
    ]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The attachment if `userId` may download it; NOT_FOUND otherwise (ids reveal nothing). */
export async function findDownloadable(ctx: AppContext, userId: string, attachmentId: string): Promise<AttachmentRecord> {
  if (!UUID.test(attachmentId)) throw notFound('File');
  const row = await queryOne<AttachmentRecord>(
    ctx.db,
    sql`select a.id, a.kind, a.storage_key, a.thumbnail_key, a.file_name, a.mime_type, a.file_size
        from attachments a
        where a.id = ${attachmentId} and a.erased_at is null
          and (a.uploader_id = ${userId}
               or exists (select 1 from messages m
                          join chat_participants p on p.chat_id = m.chat_id and p.user_id = ${userId}
                          where m.attachment_id = a.id and m.deleted_at is null and ${visibleToParticipant()}))`,
  );
  if (!row) throw notFound('File');
  return row;
}
