/** `npm run retention`: one retention run by hand (configuration as for `npm start`), then exit. */
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { databaseOptions, openDatabase } from '../db/client.js';
import { systemClock } from '../context.js';
import { createLocalStorage } from '../files/storage.js';
import { runRetention } from './retention.js';

async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const database = await openDatabase(databaseOptions(config));
  try {
    await runRetention({ db: database.db, storage: createLocalStorage(path.join(config.dataDir, 'files')), logger, clock: systemClock });
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
