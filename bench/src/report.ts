/** Writes bench/results/<stamp>-<label>.json and .md (and latest.*). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepResult } from './load.js';
import { dataMarkdown, type DataResult } from './data.js';
import type { SoakResult } from './soak.js';
import { footprintMarkdown } from './footprint/report.js';
import type { FootprintResult } from './footprint/scenario.js';

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

const batchCell = (r: StepResult) =>
  r.batches
    ? `${r.batches.send.meanSize} / ${r.batches.send.meanWriteMs} · ${r.batches.receipt.meanSize} / ${r.batches.receipt.meanWriteMs}`
    : '—';

const stepTable = (steps: StepResult[]) => {
  const head =
    '| target | rate/s | achieved/s | deliveries/s | ack p50 / p99 ms | recv p50 / p95 / p99 / max ms | lost | dup | failed | server CPU % | RSS MB | loop p99 ms | batch: msgs / ms · receipts / ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = steps.map(
    (r) =>
      `| ${r.target} | ${r.rate} | ${r.achievedRate} | ${r.deliveriesPerSecond} | ${r.ack.p50} / ${r.ack.p99} | ${r.receive.p50} / ${r.receive.p95} / ${r.receive.p99} / ${r.receive.max} | ${r.lost} | ${r.duplicated} | ${r.failed}${r.errors.length ? ` (${r.errors.join(', ')})` : ''} | ${r.serverCpu} | ${r.serverRssMb} | ${r.eventLoop.p99} | ${batchCell(r)} |`,
  );
  return [head, ...rows].join('\n');
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function writeReport(label: string, settings: Record<string, unknown>, results: Record<string, any>): { json: string; md: string } {
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const base = path.join(resultsDir, `${stamp}-${label}`);
  const report = { label, at: new Date().toISOString(), machine: machine(), settings, results };
  const md: string[] = [
    `# Samvad benchmark: ${label}`,
    '',
    `${report.at} · ${report.machine.cpus} × ${report.machine.cpuModel} · ${report.machine.memoryGb} GB · Node ${report.machine.node}`,
    '',
  ];
  md.push('Settings: `' + JSON.stringify(settings) + '`', '');
  if (results.connections) {
    md.push(
      '## connections',
      '',
      '| sockets | connect s | connects/s | server RSS MB | RSS per socket KB | idle loop p50 / p99 / max ms |',
      '|---|---|---|---|---|---|',
    );
    for (const c of results.connections)
      md.push(
        `| ${c.sockets} | ${c.connectSeconds} | ${c.connectsPerSecond} | ${c.serverRssMb} | ${c.rssPerConnectionKb} | ${c.idleEventLoopMs.p50} / ${c.idleEventLoopMs.p99} / ${c.idleEventLoopMs.max} |`,
      );
    md.push('');
  }
  if (results.dm) md.push('## dm (one-on-one, open loop)', '', stepTable(results.dm), '');
  if (results.group)
    for (const [size, steps] of Object.entries(results.group)) md.push(`## group of ${size}`, '', stepTable(steps as StepResult[]), '');
  if (results.ceiling) {
    md.push('## ceiling (bare Socket.IO, no database)', '');
    if (results.ceiling.dm) md.push('### dm', '', stepTable(results.ceiling.dm), '');
    for (const [size, steps] of Object.entries(results.ceiling.group ?? {}))
      md.push(`### group of ${size}`, '', stepTable(steps as StepResult[]), '');
  }
  if (results.max) {
    md.push('## max (highest rate held: p99 under the bar, nothing lost or failed)', '', '| run | max msg/s |', '|---|---|');
    for (const [name, v] of Object.entries(results.max as Record<string, { maxRate: number }>)) md.push(`| ${name} | ${v.maxRate} |`);
    md.push('');
    for (const [name, v] of Object.entries(results.max as Record<string, { steps: StepResult[] }>))
      md.push(`### ${name}`, '', stepTable(v.steps), '');
  }
  if (results.footprint) md.push(footprintMarkdown(results.footprint as Record<string, FootprintResult>));
  if (results.data) {
    const data = results.data as DataResult;
    md.push(dataMarkdown(data));
    // The data scenario also has fixed names: bench/results/data.json and data.md.
    fs.writeFileSync(path.join(resultsDir, 'data.json'), JSON.stringify({ ...report, settings: undefined, results: { data } }, null, 2));
    fs.writeFileSync(
      path.join(resultsDir, 'data.md'),
      [`# Samvad benchmark: data (${label})`, '', md[2], '', dataMarkdown(data)].join('\n'),
    );
  }
  if (results.soak) {
    const k = results.soak as SoakResult;
    md.push(
      `## soak (${k.seconds} s of mixed traffic with reconnects)`,
      '',
      '| sends acked | failed | reconnects | RSS baseline → peak → after MB | rooms baseline → peak → after | sockets baseline → after | loop p99 ms |',
      '|---|---|---|---|---|---|---|',
      `| ${k.sendsAcked} | ${k.sendsFailed} | ${k.reconnects} | ${k.baselineRssMb} → ${k.peakRssMb} → ${k.afterRssMb} | ` +
        `${k.baselineRooms} → ${k.peakRooms} → ${k.afterRooms} | ${k.baselineSockets} → ${k.afterSockets} | ${k.eventLoopDuringMs.p99} |`,
      '',
    );
  }
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
  fs.writeFileSync(`${base}.md`, md.join('\n'));
  fs.copyFileSync(`${base}.json`, path.join(resultsDir, 'latest.json'));
  fs.copyFileSync(`${base}.md`, path.join(resultsDir, 'latest.md'));
  return { json: `${base}.json`, md: `${base}.md` };
}
