/**
 * A small in-memory stand-in for the parts of the Google Cloud Storage JSON API that the `gcs`
 * driver uses (multipart upload, media download, metadata, delete), on 127.0.0.1. It answers
 * with the same hashes (x-goog-hash crc32c + md5) real GCS sends, so the client library's
 * integrity checks run as they do in production.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { CRC32C } from '@google-cloud/storage';

interface StoredObject {
  bytes: Buffer;
  contentType: string;
  generation: number;
}

export interface GcsStandIn {
  url: string;
  objects: Map<string, StoredObject>;
  close(): Promise<void>;
}

export async function startGcsStandIn(): Promise<GcsStandIn> {
  const objects = new Map<string, StoredObject>();
  let generation = 1;
  const keyOf = (bucket: string, name: string) => `${bucket}/${name}`;
  const md5 = (bytes: Buffer) => crypto.createHash('md5').update(bytes).digest('base64');
  const crc = (bytes: Buffer) => {
    const c = new CRC32C();
    c.update(bytes);
    return c.toString();
  };
  const metadata = (bucket: string, name: string, o: StoredObject) => ({
    kind: 'storage#object',
    id: `${bucket}/${name}/${o.generation}`,
    name,
    bucket,
    generation: String(o.generation),
    contentType: o.contentType,
    size: String(o.bytes.length),
    md5Hash: md5(o.bytes),
    crc32c: crc(o.bytes),
  });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: http.ServerResponse) =>
    json(res, 404, { error: { code: 404, message: 'No such object', errors: [{ reason: 'notFound' }] } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://stand-in');
      const body = Buffer.concat(chunks);
      let m: RegExpMatchArray | null;
      if (req.method === 'POST' && (m = url.pathname.match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/))) {
        const bucket = decodeURIComponent(m[1]!);
        const { meta, media, mediaType } = parseUpload(req.headers['content-type'] ?? '', body, url);
        const name = meta.name ?? url.searchParams.get('name');
        if (!name) return json(res, 400, { error: { code: 400, message: 'name required' } });
        const stored = { bytes: media, contentType: meta.contentType ?? mediaType ?? 'application/octet-stream', generation: generation++ };
        objects.set(keyOf(bucket, name), stored);
        return json(res, 200, metadata(bucket, name, stored));
      }
      if ((m = url.pathname.match(/^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/))) {
        const bucket = decodeURIComponent(m[1]!);
        const name = decodeURIComponent(m[2]!);
        const stored = objects.get(keyOf(bucket, name));
        if (req.method === 'DELETE') {
          if (!stored) return notFound(res);
          objects.delete(keyOf(bucket, name));
          res.writeHead(204).end();
          return;
        }
        if (req.method === 'GET') {
          if (!stored) return notFound(res);
          if (url.searchParams.get('alt') !== 'media') return json(res, 200, metadata(bucket, name, stored));
          res.writeHead(200, {
            'content-type': stored.contentType,
            'content-length': String(stored.bytes.length),
            'x-goog-hash': `crc32c=${crc(stored.bytes)},md5=${md5(stored.bytes)}`,
            'x-goog-stored-content-encoding': 'identity',
            'x-goog-generation': String(stored.generation),
          });
          res.end(stored.bytes);
          return;
        }
      }
      json(res, 501, { error: { code: 501, message: `stand-in does not implement ${req.method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** uploadType=multipart is multipart/related: a JSON metadata part, then the media part. */
function parseUpload(
  contentType: string,
  body: Buffer,
  url: URL,
): { meta: { name?: string; contentType?: string }; media: Buffer; mediaType?: string } {
  const boundary = contentType.match(/boundary="?([^";]+)"?/)?.[1];
  if (url.searchParams.get('uploadType') !== 'multipart' || !boundary) return { meta: {}, media: body };
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    parts.push(body.subarray(start + delimiter.length + 2, next - 2)); // skip CRLF after the delimiter and before the next
    start = next;
  }
  const split = (part: Buffer) => {
    const end = part.indexOf('\r\n\r\n');
    return { headers: part.subarray(0, end).toString('latin1'), content: part.subarray(end + 4) };
  };
  const [metaPart, mediaPart] = parts.map(split);
  return {
    meta: JSON.parse(metaPart!.content.toString('utf8')),
    media: mediaPart!.content,
    mediaType: mediaPart!.headers.match(/content-type:\s*([^\r\n]+)/i)?.[1],
  };
}
