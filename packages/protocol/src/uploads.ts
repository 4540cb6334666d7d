/**
 * What may be shared as a file (spec §1.2, CONTRACT §3): the name's extension picks the kind and
 * the size limit. The web app refuses other files before uploading; the server applies the same
 * rules while the bytes arrive and also checks that the bytes are what the name says.
 */
import { MAX_AUDIO_BYTES, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from './limits.js';

/** The message type an upload makes: a photo, a document, or a voice message (AUDIO). */
export type UploadKind = 'IMAGE' | 'FILE' | 'AUDIO';

export interface UploadType {
  kind: UploadKind;
  mimeType: string;
  maxBytes: number;
}

const image = (mimeType: string): UploadType => ({ kind: 'IMAGE', mimeType, maxBytes: MAX_IMAGE_BYTES });
const document = (mimeType: string): UploadType => ({ kind: 'FILE', mimeType, maxBytes: MAX_DOCUMENT_BYTES });
const audio = (mimeType: string): UploadType => ({ kind: 'AUDIO', mimeType, maxBytes: MAX_AUDIO_BYTES });

/**
 * What browsers' MediaRecorder makes: Opus in WebM (Chromium, Firefox) or Ogg (Firefox), AAC in
 * MP4 (Safari). The server checks the container holds one audio track and measures its length.
 */
export const VOICE_UPLOAD_TYPES: Readonly<Record<string, UploadType>> = {
  '.webm': audio('audio/webm'),
  '.ogg': audio('audio/ogg'),
  '.oga': audio('audio/ogg'),
  '.opus': audio('audio/ogg'),
  '.m4a': audio('audio/mp4'),
};

export const UPLOAD_TYPES: Readonly<Record<string, UploadType>> = {
  '.jpg': image('image/jpeg'),
  '.jpeg': image('image/jpeg'),
  '.png': image('image/png'),
  '.webp': image('image/webp'),
  '.pdf': document('application/pdf'),
  '.doc': document('application/msword'),
  '.docx': document('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  '.xls': document('application/vnd.ms-excel'),
  '.xlsx': document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  ...VOICE_UPLOAD_TYPES,
};

/** `.jpg`, `.png`, …: the file picker's `accept` (voice messages come from the recorder). */
export const UPLOAD_EXTENSIONS = Object.keys(UPLOAD_TYPES).filter((ext) => !(ext in VOICE_UPLOAD_TYPES));

/** The file name a recording of this MIME type (as MediaRecorder reports it) is uploaded under. */
export function voiceFileName(mimeType: string, at: Date = new Date()): string {
  const ext = /mp4|aac/i.test(mimeType) ? '.m4a' : /ogg/i.test(mimeType) ? '.ogg' : '.webm';
  return `Voice message ${at.toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.')}${ext}`;
}

export const UNSUPPORTED_UPLOAD_MESSAGE = 'Only images (JPEG, PNG, WebP) and documents (PDF, DOC, DOCX, XLS, XLSX) can be shared';

/** "Images can be at most 10 MB"; without a type, the largest limit of all. */
export function uploadSizeLimitMessage(type?: UploadType): string {
  if (!type) return `Files can be at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB`;
  const what = { IMAGE: 'Images', FILE: 'Documents', AUDIO: 'Voice messages' }[type.kind];
  return `${what} can be at most ${type.maxBytes / (1024 * 1024)} MB`;
}

/** The type a file claims by its name's extension (as node's path.extname reads it), if it is allowed. */
export function uploadTypeForFileName(fileName: string): UploadType | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined; // a leading dot starts a name (".png"), not an extension
  return UPLOAD_TYPES[base.slice(dot).toLowerCase()];
}

export interface UploadRefusal {
  code: 'UNSUPPORTED_MEDIA_TYPE' | 'PAYLOAD_TOO_LARGE';
  message: string;
}

/** Why the server would refuse this file by its name and size alone; null when it may be sent. */
export function uploadRefusal(file: { name: string; size: number }): UploadRefusal | null {
  const type = uploadTypeForFileName(file.name);
  if (!type) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: UNSUPPORTED_UPLOAD_MESSAGE };
  if (file.size > type.maxBytes) return { code: 'PAYLOAD_TOO_LARGE', message: uploadSizeLimitMessage(type) };
  return null;
}
