import { defineConfig } from 'vitest/config';

// The server suites run on the embedded PGlite always, and once more on PostgreSQL when
// DATABASE_URL points at a server (CI does both). Each test file gets its own database.
const serverProject = (name: string, db: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['apps/server/src/**/*.test.ts'],
    env: { SAMVAD_TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      serverProject('server', 'pglite'),
      ...(process.env.DATABASE_URL ? [serverProject('server-postgres', 'postgres')] : []),
      { extends: false, test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] } },
      {
        extends: false,
        resolve: { alias: { '@': new URL('./apps/web/src', import.meta.url).pathname } },
        test: { name: 'web', include: ['apps/web/src/**/*.test.ts'], environment: 'node' },
      },
      // Browser tests: start the real server and drive /usr/bin/chromium (fails, never skips, without it).
      {
        extends: false,
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          globalSetup: ['e2e/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
