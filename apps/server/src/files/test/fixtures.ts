/** Real files for the file tests, made on the spot: images with sharp, Office files as real zips. */
import fs from 'node:fs';
import sharp from 'sharp';
import type { Attachment } from '@samvad/protocol';
import { strToU8, zipSync } from 'fflate';
import type { TestServer } from '../../test/harness.js';

export async function makePng(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a7' } })
    .png()
    .toBuffer();
}

export async function makeWebp(width = 500, height = 500): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#37c' } })
    .webp()
    .toBuffer();
}

/** A 400×200 JPEG whose EXIF says "rotate 90°" (orientation 6) and carries GPS coordinates. */
export async function makeJpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Field Officer', Copyright: 'SECRET-MARKER' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '12/1 58/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '77/1 35/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A photo-like JPEG of roughly `megabytes` (noise does not compress). */
export async function makeNoisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

export function makePdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

const contentTypes = (part: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="${part}" ContentType="${type}"/></Types>`;

const rels = (target: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/></Relationships>`;

export function makeDocx(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        contentTypes('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
      ),
      '_rels/.rels': strToU8(rels('word/document.xml')),
      'word/document.xml': strToU8(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Visit report</w:t></w:r></w:p></w:body></w:document>',
      ),
    }),
  );
}

export function makeXlsx(): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        contentTypes('/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'),
      ),
      '_rels/.rels': strToU8(rels('xl/workbook.xml')),
      'xl/workbook.xml': strToU8('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
    }),
  );
}

/** A plain zip with a text file: a zip, but no Office document. */
export function makePlainZip(): Buffer {
  return Buffer.from(zipSync({ 'notes.txt': strToU8('hello') }));
}

/** The header of an OLE compound file, as legacy .doc and .xls files start. */
export function makeCfb(): Buffer {
  const bytes = Buffer.alloc(1536);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(bytes);
  return bytes;
}

export function makeElf(): Buffer {
  const bytes = Buffer.alloc(256);
  Buffer.from('7f454c46020101', 'hex').copy(bytes);
  return bytes;
}

export interface UploadAnswer {
  status: number;
  headers: Headers;
  body: {
    success: boolean;
    data: { attachment: Attachment };
    error: { code: string; message: string; retryAfterMs?: number };
  };
}

/** POST /api/chats/:id/upload with a real multipart body (global fetch + FormData). */
export async function upload(
  server: TestServer,
  token: string,
  chatId: string,
  fileName: string,
  bytes: Buffer,
  type = 'application/octet-stream',
  fields: Record<string, string> = {},
): Promise<UploadAnswer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value); // before the file, as the web app sends them
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const response = await fetch(`${server.url}/api/chats/${chatId}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as UploadAnswer['body'] };
}

export async function download(server: TestServer, token: string | null, route: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${route}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Voice recordings made once with ffmpeg (committed: no encoder runs in the tests): a 3 s 440 Hz tone
 * whose first second is quiet (10 %), second loud (100 %) and third nearly silent (2 %), as Opus in
 * WebM and Ogg and as AAC in MP4 (plain and fragmented); plus a WebM with a video track, an Ogg
 * with Vorbis, and 5 min 10 s of silence in WebM.
 */
export const voiceFixture = (
  name: 'tone.webm' | 'tone.ogg' | 'tone.m4a' | 'frag.m4a' | 'video.webm' | 'vorbis.ogg' | 'long.webm',
): Buffer => fs.readFileSync(new URL(`./audio/${name}`, import.meta.url));
