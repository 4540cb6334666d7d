// Bundles the service worker (src/service-worker/sw.ts) into the static export as `out/sw.js`,
// with the precache list written in: every file of the export but source maps, each with a
// revision (content hash) unless its name is already hashed (`_next/static/`). A changed file
// changes sw.js, which is how browsers notice a new version (docs/field-use.md).
//
//   node scripts/build-service-worker.mjs [out]      (runs after `next build`, before precompress)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outDir = path.resolve(process.argv[2] ?? 'out');
const SKIP = /\.(map|br|gz)$|^sw\.js$/;

const manifest = fs
  .readdirSync(outDir, { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(outDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  .filter((file) => !SKIP.test(file))
  .sort()
  .map((file) => ({
    url: `/${file}`,
    revision: file.startsWith('_next/static/')
      ? null
      : crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(outDir, file)))
          .digest('hex')
          .slice(0, 16),
  }));

await build({
  entryPoints: [new URL('../src/service-worker/sw.ts', import.meta.url).pathname],
  outfile: path.join(outDir, 'sw.js'),
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: true,
  define: { 'self.__WB_MANIFEST': JSON.stringify(manifest), 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const bytes = manifest.reduce((sum, { url }) => sum + fs.statSync(path.join(outDir, url)).size, 0);
console.log(`service worker: ${manifest.length} files precached (${Math.round(bytes / 1024)} kB before compression)`);
