/**
 * `npm run bench -- abuse` (opt-in): what an attacker with the network, or with one user's token,
 * can do to everyone else (issue 17).
 * - Login flood: BENCH_LOGIN_FLOOD (300) failed logins at once; the latency of an authenticated
 *   GET /api/chats before and during the flood, and how the flood was answered.
 * - Many sockets: one user's token tries BENCH_SOCKET_FLOOD (2,000) sockets; how many the server
 *   took, its RSS before and after, and the health check's latency meanwhile.
 * The login limit is raised (as for every scenario) so that every attempt reaches the hasher.
 */
import { io } from 'socket.io-client';
import { rssOf, round, summarize } from './stats.js';
import { startSamvad } from './target.js';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function latencies(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await timed(fn));
  return out;
}

export async function abuseScenario(settings: { log: (line: string) => void }) {
  const floodSize = Number(process.env.BENCH_LOGIN_FLOOD ?? 300);
  const socketFlood = Number(process.env.BENCH_SOCKET_FLOOD ?? 2000);
  const target = await startSamvad();
  try {
    const [user] = await target.users(1);
    const chats = () =>
      fetch(`${target.url}/api/chats`, { headers: { authorization: `Bearer ${user!.token}` } }).then((r) => {
        if (!r.ok) throw new Error(`GET /api/chats ${r.status}`);
        return r.text();
      });

    const quiet = summarize(await latencies(50, chats));
    settings.log(`login flood: GET /api/chats quiet p50 ${round(quiet.p50)} ms p99 ${round(quiet.p99)} ms`);
    const statuses: Record<number, number> = {};
    const floodStarted = performance.now();
    const flood = Promise.all(
      Array.from({ length: floodSize }, (_, i) =>
        fetch(`${target.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `flood${i}@bench.local`, password: 'not the password' }),
        }).then((r) => {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }),
      ),
    );
    const during = summarize(await latencies(50, chats));
    await flood;
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    settings.log(
      `login flood of ${floodSize}: GET /api/chats during p50 ${round(during.p50)} ms p99 ${round(during.p99)} ms; ` +
        `answers ${JSON.stringify(statuses)} in ${round(floodSeconds)} s`,
    );

    const rssBefore = rssOf(target.pid);
    const sockets = await Promise.all(
      Array.from(
        { length: socketFlood },
        () =>
          new Promise<{ ok: boolean; close(): void }>((resolve) => {
            const socket = io(target.url, { auth: { token: user!.token }, transports: ['websocket'], reconnection: false, forceNew: true });
            const done = (ok: boolean) => resolve({ ok, close: () => socket.close() });
            socket.once('authenticated' as never, () => done(true));
            socket.once('connect_error', () => done(false));
            setTimeout(() => done(socket.connected), 15_000);
          }),
      ),
    );
    const health = summarize(await latencies(20, () => fetch(`${target.url}/api/health`).then((r) => r.text())));
    const accepted = sockets.filter((s) => s.ok).length;
    const rssDuring = rssOf(target.pid);
    for (const socket of sockets) socket.close();
    settings.log(
      `socket flood of ${socketFlood} with one token: ${accepted} taken, ${socketFlood - accepted} refused; ` +
        `RSS ${round(rssBefore / 1e6)} → ${round(rssDuring / 1e6)} MB; health p99 ${round(health.p99)} ms`,
    );
    return {
      loginFlood: { attempts: floodSize, statuses, seconds: round(floodSeconds), chatsQuiet: quiet, chatsDuring: during },
      socketFlood: { attempts: socketFlood, accepted, refused: socketFlood - accepted, rssBefore, rssDuring, health },
    };
  } finally {
    await target.stop();
  }
}
