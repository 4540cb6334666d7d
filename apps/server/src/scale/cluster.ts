/**
 * Test helper: N real server processes (`node --import tsx src/main.ts`) on ports of their own,
 * sharing one PostgreSQL database and one Redis under a key prefix of their own. Used by the
 * multi-node tests; each child is killed when the cluster stops (or when this process exits).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { TEST_LIMITS, type ClientSocket } from '../test/harness.js';
import { freePort, startServerProcess, type ServerProcess } from '../test/server-process.js';

export interface Node extends ServerProcess {
  index: number;
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
  const started = await Promise.all(
    Array.from({ length: options.nodes }, async (_, index) => {
      const env = {
        DATA_DIR: path.join(dataDir, `node-${index}`),
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        REDIS_KEY_PREFIX: keyPrefix,
        JWT_SECRET: 'cluster-test-secret-long-enough',
        ...TEST_LIMITS,
        ...options.env,
      };
      return { index, ...(await startServerProcess(env, await freePort())) };
    }),
  );
  nodes.push(...started);
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
