// Which builds are missing or older than their sources: `npm start` (scripts/start.mjs) builds them
// before serving, `npm run release` (scripts/release.mjs) before packaging. One rule for both.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...p) => path.join(root, ...p);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'out', '.next', 'dist'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
const isStale = (output, ...sources) =>
  !fs.existsSync(output) || fs.statSync(output).mtimeMs < Math.max(...sources.filter(fs.existsSync).map(newestMtime));

/** Each build `npm start` needs: what it makes, from what, and the command that makes it. */
const BUILDS = [
  {
    name: 'the web app',
    output: at('apps/web/out/index.html'),
    sources: [at('apps/web/src'), at('apps/web/app'), at('apps/web/scripts'), at('apps/web/public'), at('packages/protocol/src')],
    command: 'npm run build -w @samvad/web',
    // A checkout without the web app (API only) has nothing to build.
    present: () => fs.existsSync(at('apps/web/package.json')),
  },
  // The web components host pages load from /embed.js.
  {
    name: 'the embed script',
    output: at('packages/embed/dist/embed.js'),
    sources: [at('packages/embed/src')],
    command: 'npm run build -w @samvad/embed',
  },
  // The migrations too: the embedded database's first-start template is made from them.
  {
    name: 'the server',
    output: at('apps/server/dist/main.js'),
    sources: [at('apps/server/src'), at('apps/server/drizzle'), at('packages/protocol/src')],
    command: 'npm run build -w @samvad/server',
  },
];

/** The builds that are missing or older than their sources. */
export const staleBuilds = () => BUILDS.filter((b) => (b.present?.() ?? true) && isStale(b.output, ...b.sources));

/** Runs the stale builds, one after another (each is heavy: see docs/operations.md for their memory). */
export function buildStale() {
  for (const build of staleBuilds()) {
    console.log(`Building ${build.name}…`);
    execSync(build.command, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
}
