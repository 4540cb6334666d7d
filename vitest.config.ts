import { defineConfig } from 'vitest/config';
import { TestTimeGuard } from './scripts/test-time-guard.js';

// The server suites run on the embedded PGlite always, and once more on PostgreSQL when
// DATABASE_URL points at a server (CI does both). Each test file gets its own database.
const serverProject = (name: string, db: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['apps/server/src/**/*.test.ts'],
    env: { SAMVAD_TEST_DB: db },
    testTimeout: 30_000,
    // Hooks start real servers, databases and processes: 2–15 s here; the limit is a safety net.
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    // The time guard fails the run when a test used more than a third of its limit (see the file).
    reporters: ['default', new TestTimeGuard()],
    projects: [
      serverProject('server', 'pglite'),
      ...(process.env.DATABASE_URL ? [serverProject('server-postgres', 'postgres')] : []),
      { extends: false, test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] } },
      { extends: false, test: { name: 'embed', include: ['packages/embed/src/**/*.test.ts'], environment: 'node' } },
      {
        extends: false,
        resolve: { alias: { '@': new URL('./apps/web/src', import.meta.url).pathname } },
        test: { name: 'web', include: ['apps/web/src/**/*.test.ts'], environment: 'node' },
      },
      // The release artifact unpacked outside the repository, installed and started on its own; the setup
      // builds what is stale (the web app only if the e2e setup has not) and packages it (scripts/release.mjs).
      {
        extends: false,
        test: {
          name: 'release',
          include: ['scripts/**/*.test.ts'],
          globalSetup: ['scripts/release-setup.ts'],
          // Each start and check takes a few seconds, `npm ci` from the cache ~10 s; the limits are safety nets.
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      // Browser tests: start the real server and drive /usr/bin/chromium (fails, never skips, without it).
      {
        extends: false,
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          globalSetup: ['e2e/src/global-setup.ts'],
          // A real browser against a real server: tests take up to ~10 s here; the limit is a safety net.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
