/**
 * The release artifact (`npm run release`, scripts/release.mjs) as a target machine gets it: unpacked
 * into an empty folder outside the repository (nothing resolves from the repository's node_modules), its
 * production dependencies installed with `npm ci --omit=dev`, started with `node start.mjs` — on the
 * embedded PGlite, and on PostgreSQL when DATABASE_URL is set (as in CI).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { freePort } from '../apps/server/src/test/server-process.js';
import { createThrowawayDatabase } from '../apps/server/src/test/harness.js';

const JWT_SECRET = 'release-check-0123456789-abcdefghijklmnopqrstuvwxyz';
const ADMIN = { email: 'release-admin@samvad.local', password: 'release-check-password' };

const run = promisify(execFile);
let unpacked: string;
let app: string;

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(app, file), 'utf8'));

// Asynchronous, so the test-time guard sees the hook start (a blocked worker reports it only at the end).
beforeAll(async () => {
  unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-release-unpacked-'));
  await run('tar', ['-xzf', inject('releaseTarball'), '-C', unpacked]);
  const [folder] = fs.readdirSync(unpacked);
  app = path.join(unpacked, folder!);
  // From the npm cache when it holds them, else the registry. The production tree has no install scripts.
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
}, 300_000);

afterAll(() => {
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
});

interface RunningRelease {
  url: string;
  output(): string;
  /** SIGTERM, then the exit code (the graceful shutdown's 0); again, the same code. */
  stop(): Promise<number | string>;
}

/**
 * `node start.mjs` in the unpacked release, with only the environment a deployment would give it and
 * a data folder of its own; stopped and its data removed when the test finishes.
 */
async function startRelease(env: Record<string, string>, onTestFinished: TestContext['onTestFinished']): Promise<RunningRelease> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-release-data-'));
  const child = spawn(process.execPath, ['start.mjs'], {
    cwd: app,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  onTestFinished(async () => {
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the release exited during start-up:\n${output}`);
    const isHealthy = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (isHealthy) break;
    if (Date.now() > deadline) throw new Error(`the release did not become healthy within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, output: () => output, stop };
}

/** What a deployment serves: health, the web app (Brotli copy), /embed.js, a login and a host's token. */
async function expectServes(url: string): Promise<void> {
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  expect((await health.json()).data).toMatchObject({ status: 'ok', database: 'ok' });

  const page = await fetch(`${url}/chat`, { headers: { 'accept-encoding': 'br' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-encoding')).toBe('br');
  expect(await page.text()).toMatch(/^<!DOCTYPE html>/i);

  const script = await fetch(`${url}/embed.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/javascript/);
  expect(await script.text()).toContain('customElements');

  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()).data;
  const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await me.json()).data.user).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });

  // A School Assessment token signed with the shared secret: the user is provisioned from its claims.
  const hostToken = await new SignJWT({ userId: 'sa-release-check', role: 'EMPLOYEE', name: 'Release Check' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  const hostMe = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${hostToken}` } });
  expect(hostMe.status).toBe(200);
  expect((await hostMe.json()).data.user).toMatchObject({ id: 'sa-release-check', name: 'Release Check', role: 'EMPLOYEE' });
}

describe('the release artifact', () => {
  it('holds the built app and installs production dependencies only', () => {
    for (const file of [
      'start.mjs',
      'package-lock.json',
      'server/main.js',
      'server/main.js.map',
      'server/pglite-template.tgz',
      'server/embed.js.br',
      'drizzle/meta/_journal.json',
      'web/chat.html',
      'web/chat.html.br',
      'web/index.html.gz',
    ]) {
      expect(fs.existsSync(path.join(app, file)), file).toBe(true);
    }
    const pkg = readJson('package.json');
    expect(pkg.devDependencies).toBeUndefined();
    expect(Object.keys(pkg.dependencies)).toContain('@electric-sql/pglite');
    expect(Object.keys(pkg.dependencies).filter((dep) => dep.startsWith('@samvad/'))).toEqual([]);
    for (const dev of ['typescript', 'vitest', 'next', 'react', 'esbuild', 'tsx', 'drizzle-kit', 'socket.io-client', '@samvad']) {
      expect(fs.existsSync(path.join(app, 'node_modules', dev)), `node_modules/${dev}`).toBe(false);
    }
    // The PGlite that made the template is the one installed, so a first start can load it.
    expect(readJson('node_modules/@electric-sql/pglite/package.json').version).toBe(readJson('server/pglite-template.json').pgliteVersion);
  });

  it('serves on the embedded PGlite, a first start loading the build’s template', { timeout: 120_000 }, async ({ onTestFinished }) => {
    const server = await startRelease({}, onTestFinished);
    await expectServes(server.url);
    expect(server.output()).toMatch(/"database":"pglite","createdFrom":"template"/);
    expect(await server.stop(), server.output()).toBe(0);
  });

  it.runIf(process.env.DATABASE_URL)('serves on PostgreSQL (DATABASE_URL)', { timeout: 120_000 }, async ({ onTestFinished }) => {
    const database = await createThrowawayDatabase();
    onTestFinished(() => database.drop());
    const server = await startRelease({ DATABASE_URL: database.url }, onTestFinished);
    await expectServes(server.url);
    expect(server.output()).toMatch(/"database":"postgres"/);
    expect(await server.stop(), server.output()).toBe(0);
  });
});
