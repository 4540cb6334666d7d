/**
 * Built files as they were built: the web app's static export and /embed.js. When the client
 * accepts it, the Brotli or gzip copy the build wrote beside a file (scripts/precompress.mjs) is
 * sent with `Content-Encoding`, `Vary: Accept-Encoding` and the original's `Content-Type`, so
 * nothing is compressed per request. Hashed assets (`/_next/static/…`) are cached for a year as
 * immutable; pages and the export's other files are revalidated on every use (`no-cache`: a 304
 * while unchanged), so a new build is seen at once.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import Negotiator from 'negotiator';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** In the order we prefer them when the client accepts both equally. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
const PREFERRED = [...ENCODINGS.map((e) => e.name), 'identity'];

/**
 * The precompressed copies of `file` that are there and not older than it: a copy left from an
 * earlier build is ignored. (The build gives each copy its original's time, which file systems
 * keep to the millisecond or second, hence the second of slack.)
 */
async function copiesOf(file: string) {
  const original = await fsp.stat(file);
  const copies = await Promise.all(
    ENCODINGS.map(async (encoding) => {
      const copy = await fsp.stat(file + encoding.suffix).catch(() => undefined);
      return copy?.isFile() && copy.mtimeMs > original.mtimeMs - 1000 ? encoding : undefined;
    }),
  );
  return copies.filter((copy) => copy !== undefined);
}

/** Sends `file`, or its precompressed copy in the encoding the client prefers. */
export function sendBuiltFile(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  void copiesOf(file)
    .then((copies) => {
      let sent = file;
      if (copies.length > 0) {
        res.vary('Accept-Encoding');
        const accepted = new Negotiator(req).encoding([...copies.map((c) => c.name), 'identity'], { preferred: PREFERRED });
        const copy = copies.find((c) => c.name === accepted);
        if (copy) {
          res.setHeader('Content-Encoding', copy.name);
          sent = file + copy.suffix;
        }
      }
      res.type(path.extname(file)); // the original's type, whichever copy goes
      res.setHeader('Cache-Control', cacheControl);
      // Relative to its folder: `send` refuses dot-folders on the whole path otherwise.
      res.sendFile(path.basename(sent), { root: path.dirname(sent), cacheControl: false }, (error) => {
        if (error && !res.headersSent) next(error);
      });
    })
    .catch(next);
}

/**
 * The Next.js static export: pages by name (`/chat` → chat.html, `/` → index.html), files as they
 * are, unknown paths → 404.html. (Next 16 writes a `chat/` folder beside `chat.html`: a static
 * server would answer `/chat` with a redirect to `/chat/`.)
 */
export function serveWebApp(app: express.Express, webDir: string): void {
  const root = path.resolve(webDir);
  const hashedAssets = path.join(root, '_next', 'static') + path.sep;
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/')) return next();
    void findFile(root, req.path).then((file) => {
      if (!file) return next();
      sendBuiltFile(req, res, next, file, file.startsWith(hashedAssets) ? IMMUTABLE : REVALIDATE);
    }, next);
  });
  app.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/')) return next();
    const notFoundPage = path.join(root, '404.html');
    if (!fs.existsSync(notFoundPage)) return next();
    res.status(404);
    sendBuiltFile(req, res, next, notFoundPage, REVALIDATE);
  });
}

/** The file a URL path names under `root`, if there is one; never a dot-file or anything outside. */
async function findFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const trimmed = decoded.replace(/\/+$/, '');
  const file = path.resolve(root, `.${path.extname(trimmed) ? trimmed : `${trimmed || '/index'}.html`}`);
  if (!file.startsWith(root + path.sep)) return undefined;
  const stat = await fsp.stat(file).catch(() => undefined);
  return stat?.isFile() ? file : undefined;
}
