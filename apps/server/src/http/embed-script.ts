/**
 * GET /embed.js: the web components of @samvad/embed (one self-contained script) for host pages
 * that are not React. Other origins load it with <script src>, so it is marked cross-origin.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import { sendBuiltFile } from './static-files.js';

/** Hosts pick up a new version within minutes; the ETag makes the checks cheap. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * A release (scripts/release.mjs) carries the script beside the server bundle, with no @samvad/embed
 * package installed; in the repository it is the workspace package's build.
 */
function locateBundle(): string | undefined {
  const besideBundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'embed.js');
  if (fs.existsSync(besideBundle)) return besideBundle;
  try {
    return createRequire(import.meta.url).resolve('@samvad/embed/embed.js');
  } catch {
    return undefined;
  }
}

export function embedScript(): RequestHandler {
  let file: string | undefined;
  return (req, res, next) => {
    // Looked up on demand: a bundle built after the server started is served without a restart.
    file ??= locateBundle();
    if (!file || !fs.existsSync(file)) {
      file = undefined;
      res.status(404).type('text/plain').send('embed.js is not built: run `npm run build -w @samvad/embed` (npm start builds it)');
      return;
    }
    // helmet's default (same-origin) would stop every host page from loading the script.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Access-Control-Allow-Origin', '*');
    // Brotli/gzip as the embed build wrote them (~280 kB raw).
    sendBuiltFile(req, res, next, file, CACHE_CONTROL);
  };
}
