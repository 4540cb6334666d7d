// `npm start`: builds what is not built yet (web app export, embed script, server bundle), then runs the server,
// which serves the API, Socket.IO and the web app on one port. (A release, `npm run release`, has its own start
// script that builds nothing: scripts/release-start.mjs.)
import path from 'node:path';
import { buildStale, root } from './build-state.mjs';

buildStale();
process.env.WEB_DIR ??= path.join(root, 'apps/web/out');
process.env.DATA_DIR ??= path.join(root, 'data');
await import(path.join(root, 'apps/server/dist/main.js'));
