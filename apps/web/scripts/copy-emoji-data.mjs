/**
 * Copies the emoji picker's data (Emojibase, English) from the emojibase-data package into public/,
 * so the picker loads it from our own origin: nothing is fetched from a CDN at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = path.dirname(require.resolve('emojibase-data/en/data.json'));
const target = path.join(import.meta.dirname, '../public/emojibase-data/en');
fs.mkdirSync(target, { recursive: true });
for (const file of ['data.json', 'messages.json']) fs.copyFileSync(path.join(source, file), path.join(target, file));
