// The start script of a release (`npm run release` copies it into the artifact as start.mjs):
// `node start.mjs` runs the server bundle with the web app and a data folder beside it, as
// `npm start` does in the repository, but builds nothing. Set DATA_DIR outside the release
// folder (e.g. /var/lib/samvad) so that a new release finds the embedded database and uploads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.WEB_DIR ??= path.join(here, 'web');
process.env.DATA_DIR ??= path.join(here, 'data');
await import('./server/main.js');
