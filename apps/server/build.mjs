// Bundles the server (and the shared protocol package) into dist/; npm dependencies stay external.
// Then makes the embedded database's first-start template beside it (src/db/embedded.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: { main: 'src/main.ts', 'make-template': 'src/db/make-template.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith('@samvad/')),
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
execFileSync(process.execPath, ['dist/make-template.js', 'dist'], { stdio: 'inherit' });
console.log('server built into apps/server/dist');
