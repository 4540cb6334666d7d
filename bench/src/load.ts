/**
 * The load generator: socket.io-client sockets on 127.0.0.1, open-loop senders (a message is sent
 * when it is due, whether or not earlier ones were answered), receivers that acknowledge delivery
 * with `messageDelivered` like a real client, and exact loss / duplicate accounting by message.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { cpuSeconds, eventLoop, readProbe, round, rssOf, summarize, type Summary } from './stats.js';
import type { BatchTotals, BenchUser, Target } from './target.js';

interface Incoming {
  id: string;
  chatId: string;
  content: string | null;
  sender?: { id: string };
}

export interface Client {
  user: BenchUser;
  socket: Socket;
  /** The current step's handler for newMessage. */
  onMessage?: (m: Incoming) => void;
}

export function connect(target: Pick<Target, 'url'>, user: BenchUser, chats: string[] = [], timeoutMs = 20_000): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = io(target.url, {
      auth: { token: user.token, chats },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const client: Client = { user, socket };
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('socket did not authenticate in time'));
    }, timeoutMs);
    socket.once('authenticated', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('newMessage', (m: Incoming) => client.onMessage?.(m));
  });
}

/** Connects many clients with bounded concurrency; returns them and the connect rate. */
export async function connectMany(target: Target, users: BenchUser[], chatsOf: (i: number) => string[] = () => [], concurrency = 100) {
  const clients: Client[] = new Array(users.length);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, users.length) }, async () => {
      while (next < users.length) {
        const i = next++;
        clients[i] = await connect(target, users[i]!, chatsOf(i));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { clients, seconds, perSecond: round(users.length / seconds, 0) };
}

export interface StepResult {
  target: 'samvad' | 'bare';
  rate: number;
  seconds: number;
  sent: number;
  acked: number;
  failed: number;
  achievedRate: number;
  expectedDeliveries: number;
  delivered: number;
  deliveriesPerSecond: number;
  lost: number;
  duplicated: number;
  ack: Summary;
  receive: Summary;
  serverCpu: number;
  serverRssMb: number;
  eventLoop: { p50: number; p99: number; max: number };
  /** Our server only: the step's group commits — mean batch (messages or receipts) and mean write ms. */
  batches?: { send: BatchMeans; receipt: BatchMeans };
  errors: string[];
}

export interface BatchMeans {
  count: number;
  meanSize: number;
  meanWriteMs: number;
}

const batchMeans = (before: BatchTotals, after: BatchTotals): BatchMeans => {
  const count = after.batches - before.batches;
  return {
    count,
    meanSize: count ? round((after.items - before.items) / count, 1) : 0,
    meanWriteMs: count ? round((after.writeMs - before.writeMs) / count, 1) : 0,
  };
};

/**
 * One open-loop step: `rate` messages per second for `seconds`, each from `senderOf(i)` into
 * `chatOf(i)`, expected at every client in `recipientsOf(i)`.
 */
export async function runStep(
  target: Target,
  options: {
    rate: number;
    seconds: number;
    pick: (i: number) => { sender: Client; chatId: string; recipients: Client[] };
    receipts: boolean;
    drainMs?: number;
  },
): Promise<StepResult> {
  const { rate, seconds } = options;
  const step = crypto.randomBytes(3).toString('hex');
  const sentAt: number[] = [];
  const expected: number[] = [];
  const seen = new Set<string>();
  const ackLatency: number[] = [];
  const recvLatency: number[] = [];
  const errors = new Map<string, number>();
  let acked = 0;
  let failed = 0;
  let delivered = 0;
  let duplicated = 0;
  let expectedTotal = 0;
  const receivers = new Set<Client>();

  const handler = (client: Client, index: number) => (m: Incoming) => {
    // The sender's own copy (to its other tabs) is not a delivery.
    if (!m.content?.startsWith(step) || m.sender?.id === client.user.id) return;
    const i = Number(m.content.slice(step.length + 1));
    const key = `${i}:${index}`;
    if (seen.has(key)) {
      duplicated += 1;
      return;
    }
    seen.add(key);
    delivered += 1;
    recvLatency.push(performance.now() - sentAt[i]!);
    if (options.receipts) client.socket.emit('messageDelivered', { messageId: m.id });
  };
  const indexOf = new Map<Client, number>();

  const metrics0 = await target.metrics?.();
  const cpu0 = cpuSeconds(target.pid);
  const wall0 = Date.now();
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate));
      while (sent < due) {
        const i = sent++;
        const { sender, chatId, recipients } = options.pick(i);
        for (const r of recipients) {
          if (!indexOf.has(r)) {
            indexOf.set(r, indexOf.size);
            r.onMessage = handler(r, indexOf.get(r)!);
            receivers.add(r);
          }
        }
        expected[i] = recipients.length;
        expectedTotal += recipients.length;
        sentAt[i] = performance.now();
        sender.socket.emit(
          'sendMessage',
          { chatId, content: `${step}:${i}`, clientId: crypto.randomUUID() },
          (ack: { success: boolean; error?: { code: string } }) => {
            if (ack?.success) {
              acked += 1;
              ackLatency.push(performance.now() - sentAt[i]!);
            } else {
              failed += 1;
              expectedTotal -= expected[i]!;
              const code = ack?.error?.code ?? 'NO_ACK';
              errors.set(code, (errors.get(code) ?? 0) + 1);
            }
          },
        );
      }
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const sendSeconds = (performance.now() - t0) / 1000;
  const drainUntil = performance.now() + (options.drainMs ?? 5000);
  while (performance.now() < drainUntil && (acked + failed < sent || delivered < expectedTotal))
    await new Promise((r) => setTimeout(r, 20));
  const cpu = cpuSeconds(target.pid) - cpu0;
  const probe = readProbe(target.probeFile, wall0, Date.now());
  const metrics1 = metrics0 && (await target.metrics?.());
  const batches =
    metrics0 && metrics1
      ? {
          send: batchMeans(metrics0.sendBatches, metrics1.sendBatches),
          receipt: batchMeans(metrics0.receiptBatches, metrics1.receiptBatches),
        }
      : undefined;
  for (const r of receivers) r.onMessage = undefined;
  return {
    target: target.kind,
    rate,
    seconds: round(sendSeconds, 2),
    sent,
    acked,
    failed,
    achievedRate: round(acked / sendSeconds, 0),
    expectedDeliveries: expectedTotal,
    delivered,
    deliveriesPerSecond: round(delivered / sendSeconds, 0),
    lost: Math.max(0, expectedTotal - delivered),
    duplicated,
    ack: summarize(ackLatency),
    receive: summarize(recvLatency),
    serverCpu: round((cpu / ((Date.now() - wall0) / 1000)) * 100, 0),
    serverRssMb: round(rssOf(target.pid) / 2 ** 20, 0),
    eventLoop: eventLoop(probe),
    batches,
    errors: [...errors].map(([code, n]) => `${code}×${n}`),
  };
}

/** Held to the bar: p99 send→receive under the limit, nothing lost, nothing failed. */
export const holds = (r: StepResult, p99Ms: number) =>
  r.lost === 0 && r.failed === 0 && r.duplicated === 0 && r.receive.p99 <= p99Ms && r.achievedRate >= r.rate * 0.95;

export const disconnectAll = (clients: Client[]) => clients.forEach((c) => c.socket.disconnect());
