/**
 * Upload benchmark (issue 4): starts the server in its own process (embedded PGlite, local
 * storage in a temporary DATA_DIR), then against 127.0.0.1:
 *   1. 4 concurrent 25 MB document uploads,
 *   2. 20 concurrent ~5 MB photo uploads (each followed by fetching its thumbnail),
 * and reports throughput, time to thumbnail and the server's peak RSS growth above idle
 * (target: < 50 MB for the 25 MB case, which proves the upload is streamed, not buffered).
 *
 * Run: npx tsx bench/uploads.ts   → prints a table and writes bench/results/uploads.json
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const MB = 1024 * 1024;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
}

/** Samples the server's RSS every 10 ms while `work` runs; returns the peak. */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      /* process gone */
    }
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, rssOf(pid));
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-bench-'));
  const filesDir = path.join(dataDir, 'bench-inputs');
  fs.mkdirSync(filesDir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const admin = { email: 'bench-admin@bench.local', password: 'bench-password-1' };

  console.log('preparing input files…');
  const documentPath = path.join(filesDir, 'big.pdf');
  {
    const fd = fs.openSync(documentPath, 'w');
    fs.writeSync(fd, Buffer.from('%PDF-1.4\n'));
    const chunk = crypto.randomBytes(MB);
    for (let i = 0; i < 24; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, chunk.subarray(0, MB - 64)); // 25 MB minus a little: just inside the limit
    fs.closeSync(fd);
  }
  const photoPath = path.join(filesDir, 'photo.jpg');
  await sharp({ create: { width: 3000, height: 2250, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .toFile(photoPath);
  const documentSize = fs.statSync(documentPath).size;
  const photoSize = fs.statSync(photoPath).size;

  console.log('starting the server…');
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: crypto.randomBytes(24).toString('hex'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_UPLOADS_PER_MIN: '100000',
      RATE_LIMIT_MESSAGES_PER_MIN: '100000',
      RATE_LIMIT_CHATS_PER_HOUR: '100000',
      DATABASE_URL: '',
      STORAGE_DRIVER: 'local',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stop);
  try {
    const started = Date.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error('the server exited during start-up');
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() - started > 60_000) throw new Error('the server did not become healthy within 60 s');
      await sleep(100);
    }

    const json = async (method: string, route: string, token: string | null, body?: unknown) => {
      const r = await fetch(`${base}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed = (await r.json()) as { success: boolean; data: Record<string, never>; error?: unknown };
      if (!parsed.success) throw new Error(`${method} ${route}: ${JSON.stringify(parsed.error)}`);
      return parsed.data;
    };
    const { token } = await json('POST', '/api/auth/login', null, admin);
    const { user: other } = await json('POST', '/api/users', token, {
      name: 'Bench Peer',
      email: 'bench-peer@bench.local',
      password: 'bench-password-2',
      role: 'EMPLOYEE',
    });
    const { chat } = await json('POST', '/api/chats', token, { type: 'ONE_ON_ONE', participantId: (other as { id: string }).id });
    const chatId = (chat as { id: string }).id;

    const uploadOnce = async (filePath: string, name: string, type: string) => {
      const form = new FormData();
      form.append('file', await fs.openAsBlob(filePath, { type }), name);
      const t0 = performance.now();
      const r = await fetch(`${base}/api/chats/${chatId}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await r.json()) as { data?: { attachment: { thumbnailUrl: string | null } }; error?: unknown };
      const uploadedMs = performance.now() - t0;
      if (r.status !== 201) throw new Error(`upload answered ${r.status}: ${JSON.stringify(body.error)}`);
      let thumbnailMs: number | null = null;
      const thumbnailUrl = body.data!.attachment.thumbnailUrl;
      if (thumbnailUrl) {
        const t = await fetch(`${base}${thumbnailUrl}`, { headers: { authorization: `Bearer ${token}` } });
        await t.arrayBuffer();
        if (t.status !== 200) throw new Error(`thumbnail answered ${t.status}`);
        thumbnailMs = performance.now() - t0;
      }
      return { uploadedMs, thumbnailMs };
    };

    // Warm up the upload path with a small document only, so the idle figure of the 25 MB case is
    // not inflated by image processing; the photo case gets its own warm-up below.
    const smallPdf = path.join(filesDir, 'small.pdf');
    fs.writeFileSync(smallPdf, Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(4096)]));
    await uploadOnce(smallPdf, 'warmup.pdf', 'application/pdf');

    const scenario = async (label: string, count: number, filePath: string, name: string, type: string, size: number) => {
      await sleep(1000);
      const idle = rssOf(server.pid!);
      const t0 = performance.now();
      const { result, peak } = await peakRss(server.pid!, () =>
        Promise.all(Array.from({ length: count }, (_, i) => uploadOnce(filePath, `${i}-${name}`, type))),
      );
      const wallMs = performance.now() - t0;
      const totalMB = (count * size) / MB;
      const thumbs = result.map((r) => r.thumbnailMs).filter((v): v is number => v !== null);
      const uploads = result.map((r) => r.uploadedMs);
      return {
        scenario: label,
        uploads: count,
        fileSizeMB: round(size / MB, 2),
        wallSeconds: round(wallMs / 1000, 2),
        throughputMBps: round(totalMB / (wallMs / 1000), 1),
        uploadMs: { p50: round(percentile(uploads, 50), 0), p95: round(percentile(uploads, 95), 0), max: round(Math.max(...uploads), 0) },
        timeToThumbnailMs: thumbs.length
          ? { p50: round(percentile(thumbs, 50), 0), p95: round(percentile(thumbs, 95), 0), max: round(Math.max(...thumbs), 0) }
          : null,
        serverRssIdleMB: round(idle / MB, 1),
        serverRssPeakMB: round(peak / MB, 1),
        serverRssGrowthMB: round((peak - idle) / MB, 1),
      };
    };

    console.log('running: 4 × 25 MB documents…');
    const documents = await scenario('4 concurrent 25 MB documents', 4, documentPath, 'big.pdf', 'application/pdf', documentSize);
    await uploadOnce(photoPath, 'warmup.jpg', 'image/jpeg'); // first sharp call loads libvips
    console.log('running: 20 × 5 MB photos…');
    const photos = await scenario('20 concurrent 5 MB photos', 20, photoPath, 'photo.jpg', 'image/jpeg', photoSize);

    const results = {
      when: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        memoryGB: round(os.totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      server: { database: 'embedded PGlite', storage: 'local (DATA_DIR)' },
      target: 'server RSS growth < 50 MB above idle for the 25 MB case',
      meetsTarget: documents.serverRssGrowthMB < 50,
      scenarios: [documents, photos],
    };
    console.table(
      results.scenarios.map((s) => ({
        scenario: s.scenario,
        'MB/s': s.throughputMBps,
        'upload p50 ms': s.uploadMs.p50,
        'upload p95 ms': s.uploadMs.p95,
        'thumbnail p50 ms': s.timeToThumbnailMs?.p50 ?? '-',
        'thumbnail p95 ms': s.timeToThumbnailMs?.p95 ?? '-',
        'RSS growth MB': s.serverRssGrowthMB,
      })),
    );
    const out = path.join(here, 'results', 'uploads.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    console.log(`written ${path.relative(root, out)}; target met: ${results.meetsTarget}`);
  } finally {
    stop();
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
