/**
 * What may be uploaded (spec §1.2, CONTRACT §3): the extension picks the kind and the size limit
 * before a byte is stored; the bytes then decide the type (file-type's magic numbers) and must
 * agree with the extension. Anything else — SVG, HTML, executables, text named `.png` — is refused.
 */
import path from 'node:path';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { UNSUPPORTED_UPLOAD_MESSAGE, uploadTypeForFileName, type UploadType } from '@samvad/protocol';
import { AppError } from '../http/errors.js';

export type AttachmentKind = UploadType['kind'];

/** The allowed types and limits are the protocol's (the web app checks them before uploading). */
export interface AllowedType extends UploadType {
  /** What file-type may report for these bytes. Legacy .doc/.xls are OLE compound files: it says `cfb`. */
  detectedAs: readonly string[];
}

const DETECTED_AS: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/msword': ['cfb'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['cfb'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  // Containers only: whether a WebM or MP4 holds nothing but one audio track is audio.ts's check.
  'audio/webm': ['webm'],
  'audio/ogg': ['opus'], // Ogg with Opus inside (file-type names Vorbis and others differently)
  'audio/mp4': ['m4a', 'mp4'], // Safari's recordings carry an MP4 brand
};

const KIND_NAMES = { IMAGE: 'image', FILE: 'document', AUDIO: 'voice recording (Opus in WebM or Ogg, AAC in MP4)' } as const;
const notRecognised = (claimed: AllowedType, detected: { ext: string } | undefined) =>
  unsupported(
    detected
      ? `The file's content (${detected.ext}) does not match its name`
      : `The file's content is not a recognised ${KIND_NAMES[claimed.kind]}`,
  );

const unsupported = (message: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', message);

/** The type an upload claims by its name, or 415 before anything is read. */
export function typeForFileName(fileName: string): AllowedType {
  const type = uploadTypeForFileName(fileName);
  if (!type) throw unsupported(UNSUPPORTED_UPLOAD_MESSAGE);
  return { ...type, detectedAs: DETECTED_AS[type.mimeType]! };
}

/**
 * Reads the magic numbers of the stored upload and checks they match what the name claims.
 * DOCX/XLSX are zip containers: file-type walks the zip's entries in place (with a cap on what it
 * inflates) to tell Word from Excel from any other zip, so nothing is unpacked to disk.
 */
export async function verifyContent(filePath: string, claimed: AllowedType): Promise<void> {
  const detected = await fileTypeFromFile(filePath).catch(() => undefined);
  if (!detected || !claimed.detectedAs.includes(detected.ext)) throw notRecognised(claimed, detected);
}

/** A safe display name: no folders, no control characters, at most 255 characters. */
export function cleanFileName(raw: string | undefined): string {
  // Browsers (WHATWG multipart/form-data encoding) send `"` in a file name as %22.
  const base = (raw ?? '').replaceAll('%22', '"').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (cleaned.length <= 255) return cleaned;
  const ext = path.extname(cleaned).slice(0, 16);
  return cleaned.slice(0, 255 - ext.length) + ext;
}

/** Bytes file-type needs to recognise a signature at the start of a file. */
export const HEAD_BYTES = 4100;

/**
 * The early check on the first bytes, while the rest is still arriving: refuses an upload whose
 * start already contradicts its name (an ELF named .pdf need not be received in full). Office zip
 * containers can only be told apart with the whole zip, so for them a zip start is enough here.
 */
export async function verifyHead(head: Buffer, claimed: AllowedType): Promise<void> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  const isOffice = claimed.detectedAs.includes('docx') || claimed.detectedAs.includes('xlsx');
  if (detected && claimed.detectedAs.includes(detected.ext)) return;
  if (isOffice && (detected === undefined || detected.ext === 'zip' || detected.ext === 'docx' || detected.ext === 'xlsx')) return;
  throw notRecognised(claimed, detected);
}
