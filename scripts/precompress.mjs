// Writes Brotli (`.br`) and gzip (`.gz`) copies beside the text files of a build, once, at their
// highest settings, so the server sends them as they are (apps/server/src/http/static-files.ts)
// instead of compressing on every request. A copy that would not save at least 5 % is not written.
//
//   node scripts/precompress.mjs <folder or file>…      (the web app's and the embed script's builds)
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.txt', '.json', '.svg', '.xml', '.webmanifest']);
/** Below this the headers outweigh the saving. */
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function filesUnder(target) {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

async function compressFile(file) {
  const bytes = await fsp.readFile(file);
  const { mtime } = await fsp.stat(file);
  const variants = await Promise.all([
    brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).then((data) => ({ suffix: '.br', data })),
    gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }).then((data) => ({ suffix: '.gz', data })),
  ]);
  for (const { suffix, data } of variants) {
    await fsp.rm(file + suffix, { force: true });
    if (data.length > bytes.length * 0.95) continue;
    await fsp.writeFile(file + suffix, data);
    // The same time as the original: the server serves a copy only if it is not older.
    await fsp.utimes(file + suffix, mtime, mtime);
  }
  return { original: bytes.length, brotli: variants[0].data.length };
}

/** Precompresses every compressible file of at least MIN_BYTES under the given folders or files. */
export async function precompress(targets) {
  const files = targets.flatMap(filesUnder).filter((f) => COMPRESSIBLE.has(path.extname(f)) && fs.statSync(f).size >= MIN_BYTES);
  const results = await Promise.all(files.map(compressFile));
  const sum = (key) => results.reduce((total, r) => total + r[key], 0);
  return { files: files.length, originalBytes: sum('original'), brotliBytes: sum('brotli') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    console.error('usage: node scripts/precompress.mjs <folder or file>…');
    process.exit(2);
  }
  const { files, originalBytes, brotliBytes } = await precompress(targets);
  const kB = (n) => `${Math.round(n / 1000)} kB`;
  console.log(`precompressed ${files} files in ${targets.join(', ')}: ${kB(originalBytes)} → ${kB(brotliBytes)} with Brotli`);
}
