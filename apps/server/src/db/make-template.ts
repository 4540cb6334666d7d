/** `node dist/make-template.js <folder>`: the embedded database's first-start template (db/embedded.ts). */
import { openDatabase } from './client.js';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: make-template <output folder>');
const database = await openDatabase({ writeTemplateTo: outDir });
await database.close();
