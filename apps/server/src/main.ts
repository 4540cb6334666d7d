/** `npm start`: configuration → database (migrated) → app → listen; graceful shutdown on SIGTERM/SIGINT. */
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { databaseOptions, openDatabase } from './db/client.js';
import { createApp } from './app.js';
import { ensureAdmin } from './users/service.js';
import { seedDemo } from './seed/demo.js';

async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const database = await openDatabase(databaseOptions(config));
  logger.info({ database: database.kind, createdFrom: database.createdFrom }, 'database ready');
  const app = createApp({ config, database, logger });
  if (config.admin) await ensureAdmin(app.ctx, config.admin);
  if (config.seedDemo) {
    const logins = await seedDemo(app.ctx);
    if (logins) {
      console.log('\nDemo users (password for all: %s):', logins.password);
      for (const u of logins.users) console.log(`  ${u.role.padEnd(8)} ${u.email}  (${u.name})`);
      console.log('');
    }
  }
  const port = await app.listen();
  logger.info({ port }, `Samvad is listening on http://localhost:${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
