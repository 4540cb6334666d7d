/**
 * Where file bytes live, behind one small interface: `local` (under DATA_DIR) or `gcs`
 * (Google Cloud Storage, see gcs-storage.ts). Keys look like `chat-images/<id>` or
 * `chat-files/<id>` (spec §2.2). Both drivers pass the same contract test (storage.test.ts).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import { createGcsStorage } from './gcs-storage.js';
import { notFoundError, type Storage } from './storage-contract.js';

/** The driver the configuration asks for (CONTRACT §1: STORAGE_DRIVER, GCS_BUCKET). */
export function createStorage(config: Config): Storage {
  if (config.storageDriver === 'gcs') return createGcsStorage({ bucket: config.gcsBucket! });
  return createLocalStorage(path.join(config.dataDir, 'files'));
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
      // Write beside the target and rename, so a reader never sees half a file.
      const partial = `${target}.${process.pid}.${Date.now()}.partial`;
      try {
        await pipeline(fs.createReadStream(sourcePath), fs.createWriteStream(partial));
        await fsp.rename(partial, target);
      } finally {
        await fsp.rm(partial, { force: true });
      }
    },
    async read(key) {
      const target = resolve(key);
      const handle = await fsp.open(target, 'r').catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? notFoundError(key) : error;
      });
      return handle.createReadStream();
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
