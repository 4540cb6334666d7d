/**
 * First-load transfer of the chat page (issue 13.17), measured in Chromium with an empty cache:
 * the bytes of HTML, JavaScript and CSS as they came over the wire (CDP `encodedDataLength`,
 * headers included) and their bodies as sent (`Content-Length`) and as decoded. Not a test:
 *
 *   npx tsx e2e/src/first-load.ts        # builds the web app if needed, starts the server
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, PASSWORD, startServer, waitForChats } from './harness.js';

interface Resource {
  url: string;
  type: string;
  encoding: string;
  contentLength: number;
  transferred: number;
  decoded: number;
}

const COUNTED = new Set(['Document', 'Script', 'Stylesheet']);

/** Records every response of the page through CDP until `collect()` is called. */
async function record(page: Page): Promise<() => Resource[]> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const byId = new Map<string, Resource>();
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byId.set(e.requestId, {
      url: e.response.url,
      type: e.type ?? 'Other',
      encoding: headers['content-encoding'] ?? 'identity',
      contentLength: Number(headers['content-length'] ?? NaN),
      transferred: 0,
      decoded: 0,
    });
  });
  cdp.on('Network.dataReceived', (e) => {
    const resource = byId.get(e.requestId);
    if (resource) resource.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const resource = byId.get(e.requestId);
    if (resource) resource.transferred = e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return () => [...byId.values()].filter((r) => COUNTED.has(r.type));
}

function summarize(label: string, resources: Resource[]): void {
  const sum = (pick: (r: Resource) => number) => resources.reduce((total, r) => total + (Number.isFinite(pick(r)) ? pick(r) : 0), 0);
  const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`\n${label}: ${resources.length} responses (HTML + JS + CSS)`);
  console.log(`  transferred (CDP encodedDataLength, with headers): ${kB(sum((r) => r.transferred))}`);
  console.log(`  bodies as sent (Content-Length):                   ${kB(sum((r) => r.contentLength))}`);
  console.log(`  decoded:                                           ${kB(sum((r) => r.decoded))}`);
  const encodings = resources.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.encoding]: (acc[r.encoding] ?? 0) + 1 }), {});
  console.log(`  encodings: ${JSON.stringify(encodings)}`);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const collect = await record(page);
  await page.goto(`${server.url}/chat`, { waitUntil: 'networkidle' });
  const signedOut = collect();
  summarize('GET /chat, empty cache (the sign-in screen)', signedOut);
  await page.getByLabel('Email').fill('priya@samvad.local');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForChats(page);
  await page.waitForLoadState('networkidle');
  summarize('…then signing in until the chat list has loaded (all of it)', collect());
  if (process.env.FIRST_LOAD_VERBOSE) console.table(collect().map((r) => ({ ...r, url: new URL(r.url).pathname })));
} finally {
  await browser.close();
  await server.stop();
}
