/**
 * The `gcs` storage driver: objects in one Google Cloud Storage bucket, through the official
 * client library. Credentials come the standard Google way (GOOGLE_APPLICATION_CREDENTIALS,
 * workload identity, …). `apiEndpoint` (or the library's STORAGE_EMULATOR_HOST) points it at a
 * stand-in, as the contract test does.
 */
import { Storage as GcsClient, type File } from '@google-cloud/storage';
import type { Readable } from 'node:stream';
import { notFoundError, type Storage } from './storage-contract.js';

export interface GcsOptions {
  bucket: string;
  apiEndpoint?: string;
  projectId?: string;
}

const isNotFound = (error: unknown) => (error as { code?: number }).code === 404;

export function createGcsStorage(options: GcsOptions): Storage {
  const client = new GcsClient({
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
  });
  const bucket = client.bucket(options.bucket);
  const file = (key: string): File => bucket.file(key);

  return {
    async putFile(key, sourcePath, contentType) {
      // One request (multipart upload): our files are at most 25 MB, resumable sessions only add round trips.
      await bucket.upload(sourcePath, {
        destination: key,
        resumable: false,
        contentType,
        metadata: { cacheControl: 'private, max-age=0' },
      });
    },
    read(key) {
      // Resolve once the response starts, so an absent object rejects here (ENOENT) instead of
      // failing the stream after the caller has sent its headers.
      return new Promise<Readable>((resolve, reject) => {
        const stream = file(key).createReadStream();
        const onError = (error: unknown) => reject(isNotFound(error) ? notFoundError(key) : error);
        stream.once('error', onError);
        stream.once('response', (response: { statusCode?: number }) => {
          if ((response.statusCode ?? 200) >= 400) return; // the library emits the error next
          stream.off('error', onError);
          resolve(stream);
        });
        stream.read(0); // the library starts the request on the first read
      });
    },
    async delete(key) {
      await file(key).delete({ ignoreNotFound: true });
    },
    async exists(key) {
      const [found] = await file(key).exists();
      return found;
    },
  };
}
