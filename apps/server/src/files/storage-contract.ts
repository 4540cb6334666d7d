/**
 * The one interface file bytes live behind (local disk or Google Cloud Storage). Its own module so
 * that each driver depends on it and nothing depends on a driver but the factory (storage.ts).
 */
import type { Readable } from 'node:stream';

export interface Storage {
  /** Stores the file at `sourcePath` under `key`, replacing what was there (the caller removes the source). */
  putFile(key: string, sourcePath: string, contentType: string): Promise<void>;
  /** Streams the bytes of `key`; rejects with an error whose code is ENOENT when absent. */
  read(key: string): Promise<Readable>;
  /** Removes `key`; removing an absent key is not an error (retention runs are idempotent). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The error every driver rejects with for an absent key (code ENOENT, as the file system says). */
export function notFoundError(key: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT' });
}
