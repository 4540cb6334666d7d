// `npm start`: builds what is not built yet (web app export, embed script, server bundle), then runs the server,
// which serves the API, Socket.IO and the web app on one port.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });

if (
  fs.existsSync(at('apps/web/package.json')) &&
  isStale(at('apps/web/out/index.html'), at('apps/web/src'), at('apps/web/app'), at('packages/protocol/src'))
) {
  console.log('Building the web app…');
  run('npm run build -w @samvad/web');
}
// The web components host pages load from /embed.js.
if (isStale(at('packages/embed/dist/embed.js'), at('packages/embed/src'))) {
  console.log('Building the embed script…');
  run('npm run build -w @samvad/embed');
}
if (isStale(at('apps/server/dist/main.js'), at('apps/server/src'), at('packages/protocol/src'))) {
  console.log('Building the server…');
  run('npm run build -w @samvad/server');
}
process.env.WEB_DIR ??= at('apps/web/out');
process.env.DATA_DIR ??= at('data');
await import(path.join(root, 'apps/server/dist/main.js'));
