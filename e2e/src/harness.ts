/**
 * Browser-test harness: starts the real server (as `npm start` does) on a free port with a
 * throwaway embedded database and the built web app, and drives Debian's Chromium.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'samvad-demo';
const WEB_DIR = path.join(ROOT, 'apps/web/out');
const SCREENSHOTS = path.join(ROOT, 'e2e/screenshots');

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The tests need the static export; build it once if it is missing. */
const newestMtime = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }, 0);

/** Builds the web app export when it is missing or older than its sources (as `npm start` does). */
export function ensureWebBuilt(): void {
  const built = path.join(WEB_DIR, 'chat.html');
  const sources = [path.join(ROOT, 'apps/web/src'), path.join(ROOT, 'apps/web/scripts'), path.join(ROOT, 'packages/protocol/src')];
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execSync('npm run build -w @samvad/web', { cwd: ROOT, stdio: 'inherit' });
}

/** Builds @samvad/embed (package and /embed.js) when missing or older than its sources. */
export function ensureEmbedBuilt(): void {
  const built = path.join(ROOT, 'packages/embed/dist/embed.js');
  const sources = path.join(ROOT, 'packages/embed/src');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestMtime(sources)) return;
  execSync('npm run build -w @samvad/embed', { cwd: ROOT, stdio: 'inherit' });
}

/** `env` adds to or overrides the defaults (e.g. CORS_ORIGINS, JWT_SECRET for host-app tests). */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEB_DIR,
    SEED_DEMO: '1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MESSAGES_PER_MIN: '10000',
    RATE_LIMIT_TYPING_PER_MIN: '10000',
    RATE_LIMIT_UPLOADS_PER_MIN: '10000',
    RATE_LIMIT_CHATS_PER_HOUR: '10000',
    RATE_LIMIT_LOGINS_PER_MIN: '10000',
    ...options.env,
  };
  // Always the embedded database: the browser tests must not touch a shared server.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CI installs Chromium from Debian; without it these tests must fail, not silently skip. */
/** `extraArgs`: more Chromium switches, e.g. a fake microphone (`--use-fake-device-for-media-stream`). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** `options` adds to the browser context (e.g. `hasTouch`, `isMobile` for a phone). */
export async function signIn(
  browser: Browser,
  url: string,
  email: string,
  viewport = { width: 1280, height: 800 },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/chat`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForChats(page);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Logs in over REST, for probing optional endpoints and preparing data. */
export async function apiToken(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const json = (await res.json()) as { data: { token: string } };
  return json.data.token;
}

/** The chat list is marked aria-busy until it has loaded. */
export async function waitForChats(page: Page): Promise<void> {
  await page.locator('[aria-label="Chats"][aria-busy="false"]').waitFor();
}
