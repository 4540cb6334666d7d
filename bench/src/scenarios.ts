/** The scenarios of issue 6: connections, dm, group, ceiling (bare Socket.IO), max. */
import { connect, connectMany, disconnectAll, holds, runStep, type Client, type StepResult } from './load.js';
import { eventLoop, readProbe, round, rssOf } from './stats.js';
import { startBare, startSamvad, type Target } from './target.js';

export interface Settings {
  seconds: number;
  connections: number[];
  dmRates: number[];
  dmPairs: number;
  groupSizes: number[];
  groupRates: Record<number, number[]>;
  receipts: boolean;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Clearly past saturation: later (higher) steps would only pile up. */
const saturated = (r: StepResult) => r.receive.p99 > 5000 || r.lost > r.expectedDeliveries * 0.05 || r.achievedRate < r.rate * 0.5;
const line = (label: string, r: StepResult) =>
  `${label} ${r.rate}/s → ${r.achievedRate}/s, ack p50/p99 ${r.ack.p50}/${r.ack.p99} ms, recv p50/p99/max ${r.receive.p50}/${r.receive.p99}/${r.receive.max} ms, ` +
  `${r.deliveriesPerSecond} deliveries/s, lost ${r.lost}, dup ${r.duplicated}, cpu ${r.serverCpu}%` +
  (r.batches
    ? `, batches ${r.batches.send.meanSize} msgs/${r.batches.send.meanWriteMs} ms, ${r.batches.receipt.meanSize} receipts/${r.batches.receipt.meanWriteMs} ms`
    : '') +
  (r.errors.length ? `, errors ${r.errors.join(' ')}` : '');

export async function connectionsScenario(s: Settings) {
  const target = await startSamvad();
  try {
    const users = await target.users(Math.max(...s.connections));
    const results = [];
    for (const n of s.connections) {
      await sleep(1000);
      const before = rssOf(target.pid);
      const { clients, seconds, perSecond } = await connectMany(target, users.slice(0, n), () => [], 200);
      await sleep(2000);
      const after = rssOf(target.pid);
      const idleFrom = Date.now();
      await sleep(5000);
      const idle = eventLoop(readProbe(target.probeFile, idleFrom, Date.now()));
      const result = {
        sockets: n,
        connectSeconds: round(seconds, 2),
        connectsPerSecond: perSecond,
        serverRssMb: round(after / 2 ** 20, 0),
        rssPerConnectionKb: round((after - before) / n / 1024, 1),
        idleEventLoopMs: idle,
      };
      s.log(
        `connections ${n}: ${perSecond}/s, RSS ${result.serverRssMb} MB (${result.rssPerConnectionKb} KB/socket), idle loop p99 ${idle.p99} ms`,
      );
      results.push(result);
      disconnectAll(clients);
      await sleep(2000);
    }
    return results;
  } finally {
    await target.stop();
  }
}

/**
 * An unreported first step (BENCH_WARMUP_SECONDS, default 3; about 1,000 deliveries/s) so the first
 * measured step does not pay for cold code, caches and connection pools.
 */
async function warmUp(target: Target, s: Settings, rate: number, pick: Parameters<typeof runStep>[1]['pick'], label: string) {
  const seconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
  if (seconds <= 0) return;
  const r = await runStep(target, { rate, seconds, pick, receipts: s.receipts });
  s.log(`${label} warm-up ${rate}/s for ${seconds} s (not reported): recv p99 ${r.receive.p99} ms`);
  await sleep(1500);
}

/**
 * Runs the steps in order. A plain ladder stops once clearly saturated. Against a bar (`maxP99`)
 * it stops when a rate misses it twice in a row: on a shared machine one stall (another tenant, a
 * checkpoint) can spoil a single step, and ending the ramp there would understate the maximum.
 */
async function climb(
  target: Target,
  s: Settings,
  rates: number[],
  pick: Parameters<typeof runStep>[1]['pick'],
  label: string,
  maxP99?: number,
): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const rate of rates) {
    for (let attempt = 1; ; attempt++) {
      const r = await runStep(target, { rate, seconds: s.seconds, pick, receipts: s.receipts });
      s.log(line(attempt > 1 ? `${label} (again)` : label, r));
      steps.push(r);
      await sleep(1500);
      if (maxP99 === undefined ? !saturated(r) : holds(r, maxP99)) break;
      if (maxP99 === undefined || attempt === 2) return steps;
    }
  }
  return steps;
}

async function dmLadder(target: Target, s: Settings, rates: number[], label: string, maxP99?: number) {
  const users = await target.users(s.dmPairs * 2);
  const chats: string[] = [];
  for (let p = 0; p < s.dmPairs; p++) chats.push(await target.directChat(users[2 * p]!, users[2 * p + 1]!));
  const { clients } = await connectMany(target, users, (i) => [chats[Math.floor(i / 2)]!]);
  const pick = (i: number) => {
    const pair = i % s.dmPairs;
    const flip = Math.floor(i / s.dmPairs) % 2;
    const a = clients[2 * pair + flip]!;
    const b = clients[2 * pair + 1 - flip]!;
    return { sender: a, chatId: chats[pair]!, recipients: [b] };
  };
  try {
    await warmUp(target, s, 1000, pick, label);
    return await climb(target, s, rates, pick, label, maxP99);
  } finally {
    disconnectAll(clients);
  }
}

async function groupLadder(target: Target, s: Settings, size: number, rates: number[], label: string, maxP99?: number) {
  const users = await target.users(size);
  const chatId = await target.group(users[0]!, users.slice(1));
  const { clients } = await connectMany(target, users, () => [chatId]);
  // Every member but the sender receives: precomputed per sender.
  const recipientsOf = clients.map((c) => clients.filter((o) => o !== c));
  const pick = (i: number) => ({ sender: clients[i % size]!, chatId, recipients: recipientsOf[i % size]! });
  try {
    await warmUp(target, s, Math.max(1, Math.round(1000 / (size - 1))), pick, `${label} ${size}`);
    return await climb(target, s, rates, pick, `${label} ${size}`, maxP99);
  } finally {
    disconnectAll(clients);
  }
}

export async function dmScenario(s: Settings, bare = false) {
  const target = bare ? await startBare() : await startSamvad();
  try {
    return await dmLadder(target, s, s.dmRates, bare ? 'ceiling dm' : 'dm');
  } finally {
    await target.stop();
  }
}

export async function groupScenario(s: Settings, bare = false) {
  const out: Record<string, StepResult[]> = {};
  for (const size of s.groupSizes) {
    const target = bare ? await startBare() : await startSamvad();
    try {
      out[String(size)] = await groupLadder(target, s, size, s.groupRates[size] ?? [10, 50, 100], bare ? 'ceiling group' : 'group');
    } finally {
      await target.stop();
    }
  }
  return out;
}

/** Ramps the rate by a factor until a rate misses the bar twice; the highest rate that held is the maximum. */
export async function maxScenario(s: Settings) {
  const ramp = (start: number, factor: number, n: number) => Array.from({ length: n }, (_, i) => Math.round(start * factor ** i));
  const short = { ...s, seconds: Math.min(s.seconds, 8) };
  const out: Record<string, { maxRate: number; steps: StepResult[] }> = {};
  const best = (steps: StepResult[], p99: number) => Math.max(0, ...steps.filter((r) => holds(r, p99)).map((r) => r.rate));
  for (const bare of [false, true]) {
    const target = bare ? await startBare() : await startSamvad();
    try {
      const dm = await dmLadder(target, short, ramp(bare ? 2000 : 500, 1.3, 14), `max ${target.kind} dm`, 100);
      out[`${target.kind} dm (p99 ≤ 100 ms)`] = { maxRate: best(dm, 100), steps: dm };
    } finally {
      await target.stop();
    }
    const target2 = bare ? await startBare() : await startSamvad();
    try {
      // 93 = 25 × 1.3⁵: the grid of earlier reports, reaching 2,800/s (from 25 it ended at 757/s, still held).
      const group = await groupLadder(target2, short, 50, ramp(bare ? 200 : 93, 1.3, 14), `max ${target2.kind} group`, 150);
      out[`${target2.kind} group 50 (p99 ≤ 150 ms)`] = { maxRate: best(group, 150), steps: group };
    } finally {
      await target2.stop();
    }
  }
  return out;
}

export { connect, type Client };
