/** The footprint scenario's table for the Markdown report, with the budgets of issue 15 beside the figures. */
import type { FootprintResult } from './scenario.js';

const mark = (ok: boolean) => (ok ? '✓' : '✗');

export function footprintMarkdown(results: Record<string, FootprintResult>): string {
  const lines = [
    '## footprint (the spec load on a 1 GB stack)',
    '',
    '| server | mode | msg/s | ack p50 / p99 ms | lost | first start peak MB | restart idle MB | server RSS steady / peak MB | PostgreSQL PSS steady / peak MB | connections | CPU s per 1,000 msgs (server + db) | stack peak MB (limit) | held |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of Object.values(results)) {
    const db = r.database ? `${r.database.steadyPssMb} / ${r.database.peakPssMb}` : 'inside the server';
    const cg =
      'held' in r.cgroup ? `${r.cgroup.peakMb} (${r.cgroup.limitMb}; limit hit ${r.cgroup.limitHits}×)` : `— (${r.cgroup.unavailable})`;
    lines.push(
      `| ${r.server} | ${r.mode} | ${r.load.achievedRate} | ${r.load.ackMs.p50} / ${r.load.ackMs.p99} | ${r.load.lost} | ${r.firstStart.peakRssMb} | ${r.restartIdleRssMb} | ${r.rss.steadyMb} / ${r.rss.peakMb} | ${db} | ${r.database?.peakConnections ?? '—'} | ${r.cpu.perThousandMessages} (${r.cpu.databaseSeconds === null ? `${r.cpu.serverSeconds} s, database inside` : `${r.cpu.serverSeconds} + ${r.cpu.databaseSeconds} s`}) | ${cg} | ${'held' in r.cgroup ? (r.cgroup.held ? 'yes' : 'NO') : '—'} |`,
    );
  }
  lines.push('', 'Budgets (issue 15):', '');
  for (const r of Object.values(results)) {
    const budgets =
      r.mode === 'postgres'
        ? [
            [`server steady ≤ 150 MB (${r.rss.steadyMb})`, r.rss.steadyMb <= 150],
            [`server peak ≤ 200 MB (${r.rss.peakMb})`, r.rss.peakMb <= 200],
            [`≤ 8 PostgreSQL connections (${r.database?.peakConnections})`, (r.database?.peakConnections ?? 0) <= 8],
          ]
        : [
            [
              `100 msg/s with ack p99 ≤ 200 ms (${r.load.achievedRate} msg/s, p99 ${r.load.ackMs.p99} ms)`,
              r.load.achievedRate >= 95 && r.load.ackMs.p99 <= 200,
            ],
            [`first start ≤ 400 MB (${r.firstStart.peakRssMb})`, r.firstStart.peakRssMb <= 400],
            [`steady ≤ 300 MB (${r.rss.steadyMb})`, r.rss.steadyMb <= 300],
          ];
    lines.push(`- ${r.server} ${r.mode}: ${budgets.map(([text, ok]) => `${mark(ok as boolean)} ${text}`).join(' · ')}`);
  }
  return lines.join('\n') + '\n';
}
