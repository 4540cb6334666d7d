/**
 * Where file bytes live, behind one small interface: `local` (under DATA_DIR) or `gcs`
 * (Google Cloud Storage). Keys look like `chat-images/<id>` or `chat-files/<id>` (spec §2.2).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export interface Storage {
  /** Stores the file at `sourcePath` under `key` (the caller removes the source). */
  putFile(key: string, sourcePath: string, contentType: string): Promise<void>;
  /** Streams the bytes of `key`; rejects with code ENOENT when absent. */
  read(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export function createLocalStorage(root: string): Storage {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('storage key escapes the root');
    return full;
  };
  return {
    async putFile(key, sourcePath) {
      const target = resolve(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await pipeline(fs.createReadStream(sourcePath), fs.createWriteStream(target));
    },
    async read(key) {
      const target = resolve(key);
      await fsp.access(target);
      return fs.createReadStream(target);
    },
    async delete(key) {
      await fsp.rm(resolve(key), { force: true });
    },
    async exists(key) {
      return fsp.access(resolve(key)).then(
        () => true,
        () => false,
      );
    },
  };
}
