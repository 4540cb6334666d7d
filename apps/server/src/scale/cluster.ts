/**
 * Test helper: N real server processes (`node --import tsx src/main.ts`) on ports of their own,
 * sharing one PostgreSQL database and one Redis under a key prefix of their own. Used by the
 * multi-node tests; each child is killed when the cluster stops (or when this process exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connectSocket } from 'socket.io-client';
import type { ClientSocket } from '../test/harness.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Node {
  index: number;
  url: string;
  child: ChildProcess;
  output: string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  nodes: number;
  env?: Record<string, string>;
}

export interface Cluster {
  nodes: Node[];
  keyPrefix: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const keyPrefix = `samvad-test-${crypto.randomBytes(5).toString('hex')}:`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-cluster-'));
  const nodes: Node[] = [];
  const killAll = () => nodes.forEach((n) => n.child.exitCode === null && n.child.kill('SIGKILL'));
  process.once('exit', killAll);
  for (let index = 0; index < options.nodes; index++) {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dataDir, `node-${index}`),
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        REDIS_KEY_PREFIX: keyPrefix,
        JWT_SECRET: 'cluster-test-secret-long-enough',
        SEED_DEMO: '0',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MESSAGES_PER_MIN: '100000',
        RATE_LIMIT_TYPING_PER_MIN: '100000',
        RATE_LIMIT_UPLOADS_PER_MIN: '100000',
        RATE_LIMIT_CHATS_PER_HOUR: '100000',
        RATE_LIMIT_LOGINS_PER_MIN: '100000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    nodes.push({ index, url: `http://127.0.0.1:${port}`, child, output });
  }
  const deadline = Date.now() + 30_000;
  for (const node of nodes) {
    for (;;) {
      if (node.child.exitCode !== null) throw new Error(`node ${node.index} exited:\n${node.output.join('')}`);
      const health = await fetch(`${node.url}/api/health`).catch(() => null);
      if (health?.ok) break;
      if (Date.now() > deadline) throw new Error(`node ${node.index} not healthy in time:\n${node.output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    nodes,
    keyPrefix,
    dataDir,
    async stop() {
      await Promise.all(
        nodes.map(
          (n) =>
            new Promise<void>((resolve) => {
              if (n.child.exitCode !== null || n.child.signalCode !== null) return resolve();
              const force = setTimeout(() => n.child.kill('SIGKILL'), 5000);
              n.child.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              n.child.kill('SIGTERM');
            }),
        ),
      );
      process.off('exit', killAll);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A connected socket, resolved after the server's `authenticated` event. */
export function connectTo(url: string, token: string): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    const socket: ClientSocket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const timer = setTimeout(() => reject(new Error(`socket to ${url} did not authenticate within 5 s`)), 5000);
    socket.once('authenticated', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function api<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; data: T; error?: { code: string } }> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as { data: T; error?: { code: string } };
  return { status: response.status, data: parsed.data, error: parsed.error };
}
