/** Latency summaries and process probes (RSS, event-loop delay, CPU) for the reports. */
import fs from 'node:fs';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { count: values.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1]!) };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface ProbeLine {
  t: number;
  rss: number;
  eld: { p50: number; p99: number; max: number; mean: number };
}

export function readProbe(file: string, from = 0, to = Infinity): ProbeLine[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProbeLine)
    .filter((l) => l.t >= from && l.t <= to);
}

export function eventLoop(lines: ProbeLine[]) {
  if (lines.length === 0) return { p50: 0, p99: 0, max: 0 };
  return {
    p50: round(lines.reduce((s, l) => s + l.eld.p50, 0) / lines.length, 2),
    p99: round(Math.max(...lines.map((l) => l.eld.p99)), 2),
    max: round(Math.max(...lines.map((l) => l.eld.max)), 2),
  };
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** A figure in kB from a /proc file of the process (`VmRSS` of status, `Pss` of smaps_rollup), in bytes; 0 once it has gone. */
function procKb(pid: number, file: 'status' | 'smaps_rollup', field: string): number {
  try {
    const match = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const rssOf = (pid: number) => procKb(pid, 'status', 'VmRSS');
/** Peak resident set size so far (the kernel's high-water mark). */
export const peakRssOf = (pid: number) => procKb(pid, 'status', 'VmHWM');
/** Proportional set size (its fair share of shared pages). */
export const pssOf = (pid: number) => procKb(pid, 'smaps_rollup', 'Pss');
