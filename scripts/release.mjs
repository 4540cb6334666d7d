// `npm run release`: one artifact to deploy without building on the target (docs/operations.md,
// "Releasing and deploying without building on the target"). Builds what is stale (as `npm start`
// does; run `npm run build` first for a clean one), then writes release/samvad-<version>.tgz:
//
//   samvad-<version>/
//     package.json, package-lock.json   the server's production dependencies only, locked to the
//                                       versions this repository tests (`npm ci --omit=dev`)
//     start.mjs                         `node start.mjs`: WEB_DIR/DATA_DIR defaults, builds nothing
//     server/                           main.js (+ map), pglite-template.*, embed.js (+ .br/.gz)
//     drizzle/                          the migrations (found beside server/, db/client.ts)
//     web/                              the web app's static export with its .br/.gz copies
//
// node_modules are not in it: the target installs them from the registry (prebuilt, no compiler).
//
//   node scripts/release.mjs [--out <folder>]      (default: release/)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildStale, root } from './build-state.mjs';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'release') } } });
const at = (...p) => path.join(root, ...p);
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};

buildStale();

const serverPackage = readJson(at('apps/server/package.json'));
const version = serverPackage.version;
const name = `samvad-${version}`;
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-release-'));
process.on('exit', () => fs.rmSync(staging, { recursive: true, force: true }));
const dest = (...p) => path.join(staging, name, ...p);

/** Copies keep their times: the server sends a .br/.gz copy only if it is not older than its original. */
function copy(from, to) {
  if (!fs.existsSync(from)) fail(`${path.relative(root, from)} is missing: run \`npm run build\``);
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
}

// The server bundle and the embedded database's first-start template beside it (db/embedded.ts).
for (const file of ['main.js', 'main.js.map', 'pglite-template.tgz', 'pglite-template.json']) {
  copy(at('apps/server/dist', file), dest('server', file));
}
// /embed.js: the server looks beside its bundle first (http/embed-script.ts).
for (const file of ['embed.js', 'embed.js.br', 'embed.js.gz']) copy(at('packages/embed/dist', file), dest('server', file));
// What the migrator reads: the SQL files and the journal (the snapshots are for drizzle-kit only).
for (const file of fs.readdirSync(at('apps/server/drizzle')).filter((f) => f.endsWith('.sql'))) {
  copy(at('apps/server/drizzle', file), dest('drizzle', file));
}
copy(at('apps/server/drizzle/meta/_journal.json'), dest('drizzle/meta/_journal.json'));
if (!fs.existsSync(at('apps/web/out/chat.html.br'))) fail('the web app is not built with its compressed copies: run `npm run build`');
copy(at('apps/web/out'), dest('web'));
copy(at('scripts/release-start.mjs'), dest('start.mjs'));

// The server's production dependencies; @samvad/* are bundled (protocol) or copied (embed.js).
const dependencies = Object.fromEntries(Object.entries(serverPackage.dependencies).filter(([dep]) => !dep.startsWith('@samvad/')));
const gitHead = (() => {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined; // building from an export without git (e.g. a container build)
  }
})();
const releasePackage = {
  name: 'samvad',
  version,
  private: true,
  description: 'Samvad chat server, built: npm ci --omit=dev, then node start.mjs (docs/operations.md)',
  type: 'module',
  engines: readJson(at('package.json')).engines,
  scripts: { start: 'node start.mjs' },
  dependencies,
  ...(gitHead ? { gitHead } : {}),
};
fs.writeFileSync(dest('package.json'), JSON.stringify(releasePackage, null, 2) + '\n');

// The lock file: the repository's, pruned by npm to these dependencies, so the target installs the
// very versions the tests ran (and the PGlite the template was made by).
fs.copyFileSync(at('package-lock.json'), dest('package-lock.json'));
execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
  cwd: dest(),
  stdio: ['ignore', 'ignore', 'inherit'],
});
const locked = readJson(dest('package-lock.json')).packages;
if (Object.values(locked).some((entry) => entry.dev || entry.link)) fail('the lock file kept a dev dependency or a workspace link');

// The bundle imports nothing that would be missing on the target.
const bundle = fs.readFileSync(dest('server/main.js'), 'utf8');
const builtins = new Set(builtinModules);
for (const [, specifier] of bundle.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g)) {
  const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (!specifier.startsWith('node:') && !builtins.has(pkg) && !(pkg in dependencies)) {
    fail(`the server bundle imports ${specifier}, which is not a production dependency of apps/server`);
  }
}

// A template the target's PGlite would ignore means initdb on the first start (~940 MB peak).
const template = readJson(dest('server/pglite-template.json'));
const journal = readJson(dest('drizzle/meta/_journal.json'));
if (template.pgliteVersion !== locked['node_modules/@electric-sql/pglite']?.version) {
  fail(`the template was made by PGlite ${template.pgliteVersion}, the lock file installs another: run \`npm run build\``);
}
if (template.lastMigration !== journal.entries.at(-1)?.tag) fail('the template is older than the migrations: run `npm run build`');

fs.mkdirSync(args.out, { recursive: true });
const tarball = path.resolve(args.out, `${name}.tgz`);
// GNU tar; owned by root in the archive, whoever built it; times kept (see copy()).
execFileSync('tar', ['-czf', tarball, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', staging, name]);
const megabytes = (fs.statSync(tarball).size / 1e6).toFixed(1);
console.log(
  `release: ${path.relative(process.cwd(), tarball) || tarball} (${megabytes} MB; ${Object.keys(locked).length - 1} packages to install)`,
);
