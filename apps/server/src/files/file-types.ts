/**
 * What may be uploaded (spec §1.2, CONTRACT §3): the extension picks the kind and the size limit
 * before a byte is stored; the bytes then decide the type (file-type's magic numbers) and must
 * agree with the extension. Anything else — SVG, HTML, executables, text named `.png` — is refused.
 */
import path from 'node:path';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from '@samvad/protocol';
import { AppError } from '../http/errors.js';

export type AttachmentKind = 'IMAGE' | 'FILE';

export interface AllowedType {
  kind: AttachmentKind;
  mimeType: string;
  /** What file-type reports for these bytes. Legacy .doc/.xls are OLE compound files: it says `cfb`. */
  detectedAs: string;
  maxBytes: number;
}

const image = (mimeType: string, detectedAs: string): AllowedType => ({ kind: 'IMAGE', mimeType, detectedAs, maxBytes: MAX_IMAGE_BYTES });
const document = (mimeType: string, detectedAs: string): AllowedType => ({
  kind: 'FILE',
  mimeType,
  detectedAs,
  maxBytes: MAX_DOCUMENT_BYTES,
});

const BY_EXTENSION: Record<string, AllowedType> = {
  '.jpg': image('image/jpeg', 'jpg'),
  '.jpeg': image('image/jpeg', 'jpg'),
  '.png': image('image/png', 'png'),
  '.webp': image('image/webp', 'webp'),
  '.pdf': document('application/pdf', 'pdf'),
  '.doc': document('application/msword', 'cfb'),
  '.docx': document('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'),
  '.xls': document('application/vnd.ms-excel', 'cfb'),
  '.xlsx': document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'),
};

export const ALLOWED_EXTENSIONS = Object.keys(BY_EXTENSION);

const unsupported = (message: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', message);

/** The type an upload claims by its name, or 415 before anything is read. */
export function typeForFileName(fileName: string): AllowedType {
  const type = BY_EXTENSION[path.extname(fileName).toLowerCase()];
  if (!type) throw unsupported(`Only images (JPEG, PNG, WebP) and documents (PDF, DOC, DOCX, XLS, XLSX) can be shared`);
  return type;
}

/**
 * Reads the magic numbers of the stored upload and checks they match what the name claims.
 * DOCX/XLSX are zip containers: file-type walks the zip's entries in place (with a cap on what it
 * inflates) to tell Word from Excel from any other zip, so nothing is unpacked to disk.
 */
export async function verifyContent(filePath: string, claimed: AllowedType): Promise<void> {
  const detected = await fileTypeFromFile(filePath).catch(() => undefined);
  if (!detected || detected.ext !== claimed.detectedAs) {
    throw unsupported(
      detected
        ? `The file's content (${detected.ext}) does not match its name`
        : `The file's content is not a recognised ${claimed.kind === 'IMAGE' ? 'image' : 'document'}`,
    );
  }
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
  const isOffice = claimed.detectedAs === 'docx' || claimed.detectedAs === 'xlsx';
  if (detected?.ext === claimed.detectedAs) return;
  if (isOffice && (detected === undefined || detected.ext === 'zip' || detected.ext === 'docx' || detected.ext === 'xlsx')) return;
  throw unsupported(
    detected
      ? `The file's content (${detected.ext}) does not match its name`
      : `The file's content is not a recognised ${claimed.kind === 'IMAGE' ? 'image' : 'document'}`,
  );
}
