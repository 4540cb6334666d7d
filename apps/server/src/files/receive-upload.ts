/**
 * Receives the multipart field `file` as a stream into a temporary file — never the whole file in
 * memory — and enforces the size limit of its type while the bytes arrive: the moment the limit
 * is passed the upload fails with PAYLOAD_TOO_LARGE and the partial file is removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { MAX_DOCUMENT_BYTES, uploadSizeLimitMessage } from '@samvad/protocol';
import { askForBody } from '../http/early-answers.js';
import { AppError, invalid } from '../http/errors.js';
import { cleanFileName, HEAD_BYTES, typeForFileName, verifyHead, type AllowedType } from './file-types.js';

export interface ReceivedUpload {
  tempPath: string;
  fileName: string;
  type: AllowedType;
  size: number;
  /** A voice message's levels as the recorder drew them (the multipart field `waveform`, JSON); checked later. */
  waveform?: unknown;
}

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = (type: AllowedType | undefined) => new AppError('PAYLOAD_TOO_LARGE', uploadSizeLimitMessage(type));

/** `imagesOnly`: pictures (profile, group) refuse documents by their name, before a byte is stored. */
export function receiveUpload(req: Request, tempDir: string, { imagesOnly = false } = {}): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(invalid('Send the file as multipart/form-data in the field `file`'));
  }
  const declaredLength = Number(req.headers['content-length'] ?? NaN);
  if (declaredLength > MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD) return Promise.reject(tooLarge(undefined));

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let settled = false;
    let tempPath: string | undefined;
    let received: Omit<ReceivedUpload, 'size' | 'waveform'> | undefined;
    let waveform: unknown;
    let size = 0;
    let fileWritten: Promise<void> | undefined;
    let fileStream: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
    let fileClosed: Promise<void> | undefined;

    /** Stops reading, removes the partial file, and only then rejects (so the answer follows the cleanup). */
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      fileStream?.destroy();
      // Wait for the temporary file to be closed, not just for the pipeline to fail: its open()
      // may still be under way, and removing it before that would leave an empty file behind.
      const written = Promise.all([fileWritten?.catch(() => undefined), fileClosed]);
      void written
        .then(() => (tempPath ? fsp.rm(tempPath, { force: true }) : undefined))
        .catch(() => undefined)
        .then(() => reject(error));
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8', // browsers send UTF-8 file names
        limits: { files: 1, fields: 8, parts: 10, fieldSize: 1024, headerPairs: 16, fileSize: MAX_DOCUMENT_BYTES + 1 },
      });
    } catch {
      return reject(invalid('Malformed multipart request'));
    }

    parser.on('field', (field, value) => {
      if (field !== 'waveform') return;
      try {
        waveform = JSON.parse(value);
      } catch {
        waveform = undefined; // not valid: the server draws its own
      }
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || received || settled) {
        stream.resume();
        return;
      }
      try {
        const fileName = cleanFileName(info.filename);
        if (!fileName) throw invalid('The file needs a name');
        const type = typeForFileName(fileName);
        if (imagesOnly && type.kind !== 'IMAGE') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'A picture is a JPEG, PNG or WebP image');
        if (declaredLength > type.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(type);
        fileStream = stream;
        tempPath = path.join(tempDir, `upload-${crypto.randomUUID()}`);
        received = { tempPath, fileName, type };
        // Counts bytes against the limit, and holds back the first HEAD_BYTES until their
        // signature has been checked against the name (the callback waits: backpressure).
        let head: Buffer | undefined = Buffer.alloc(0);
        const checkHead = async (push: (chunk: Buffer) => void) => {
          const bytes = head!;
          head = undefined;
          await verifyHead(bytes, type);
          push(bytes);
        };
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            size += chunk.length;
            if (size > type.maxBytes) return callback(tooLarge(type));
            if (!head) return callback(null, chunk);
            head = Buffer.concat([head, chunk]);
            if (head.length < HEAD_BYTES) return callback();
            checkHead((bytes) => this.push(bytes)).then(() => callback(), callback);
          },
          flush(callback) {
            if (!head) return callback();
            checkHead((bytes) => this.push(bytes)).then(() => callback(), callback);
          },
        });
        const out = fs.createWriteStream(tempPath, { flags: 'wx' });
        fileClosed = new Promise((resolve) => out.once('close', () => resolve()));
        fileWritten = pipeline(stream, limit, out);
        fileWritten.then(finish, fail);
      } catch (error) {
        stream.resume();
        fail(error);
      }
    });
    let parsed = false;
    const finish = () => {
      if (settled || !parsed || !fileWritten) return;
      // fileWritten has settled when finish runs after it; otherwise wait for it
      void fileWritten.then(() => {
        if (settled) return;
        settled = true;
        resolve({ ...received!, size, waveform });
      }, fail);
    };
    parser.on('close', () => {
      parsed = true;
      if (!received) fail(invalid('The multipart field `file` is missing'));
      else finish();
    });
    parser.on('error', () => fail(invalid('Malformed multipart request')));
    req.on('close', () => {
      if (!req.complete) fail(invalid('The upload was interrupted'));
    });
    askForBody(req, req.res!); // Expect: 100-continue: the upload is authorized and not too large by its length
    req.pipe(parser);
  });
}
