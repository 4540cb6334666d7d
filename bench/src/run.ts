/**
 * `npm run bench [-- scenario ...]`: runs the chosen scenarios (default: all) and writes a JSON and
 * a Markdown report under bench/results/. Knobs (environment):
 *   BENCH_LABEL=baseline        name in the report file
 *   BENCH_SECONDS=10            length of each rate step
 *   BENCH_CONNECTIONS=1000,5000,10000   BENCH_DM_RATES=100,500,1000,2000,4000,5000   BENCH_DM_PAIRS=200
 *   BENCH_GROUP_SIZES=50,256    BENCH_RECEIPTS=1 (recipients emit messageDelivered)
 *   BENCH_DATA_MESSAGES=1000000 BENCH_DATA_CHATS=2000 BENCH_DATA_USERS=500 BENCH_DATA_BIG_CHAT=200000
 *   BENCH_DATA_VIEWER_CHATS=500 BENCH_DATA_ITERATIONS=100   (the data scenario)
 *   BENCH_LOGIN_FLOOD=300 BENCH_SOCKET_FLOOD=2000   (the abuse scenario, opt-in)
 *   BENCH_FOOTPRINT_MODES=pglite,postgres BENCH_FOOTPRINT_LIMIT_MB=1024 BENCH_FOOTPRINT_RATE=100
 *   BENCH_FOOTPRINT_USERS=50 BENCH_FOOTPRINT_ENV=DATABASE_POOL_SIZE=8 BENCH_FOOTPRINT_SERVERS=before=../old,after=.
 *   (the footprint scenario, opt-in; BENCH_SECONDS is its load's length, default 600)
 *   DATABASE_URL                admin URL of the PostgreSQL server (a fresh database is made and dropped)
 */
import { connectionsScenario, dmScenario, groupScenario, maxScenario, type Settings } from './scenarios.js';
import { writeReport } from './report.js';
import { dataScenario } from './data.js';
import { soakScenario } from './soak.js';
import { abuseScenario } from './abuse.js';
import path from 'node:path';
import { footprintScenario, type FootprintMode } from './footprint/scenario.js';
import { repoRoot } from './target.js';

const all = ['connections', 'dm', 'group', 'ceiling', 'max', 'data'] as const;
// Opt-in only (10 minutes by default): `npm run bench -- soak`, BENCH_SOAK_SECONDS to change.
const optIn = ['soak', 'abuse', 'footprint'] as const;
const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number) : d);

async function main() {
  const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = chosen.filter((c) => ![...all, ...optIn].includes(c as never));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; choose from ${[...all, ...optIn].join(', ')}`);
  const scenarios = chosen.length ? chosen : [...all];
  const settings: Settings = {
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    connections: list(process.env.BENCH_CONNECTIONS, [1000, 5000, 10000]),
    dmRates: list(process.env.BENCH_DM_RATES, [100, 500, 1000, 2000, 4000, 5000]),
    dmPairs: Number(process.env.BENCH_DM_PAIRS ?? 200),
    groupSizes: list(process.env.BENCH_GROUP_SIZES, [50, 256]),
    groupRates: {
      50: list(process.env.BENCH_GROUP50_RATES, [50, 100, 200, 400, 800]),
      256: list(process.env.BENCH_GROUP256_RATES, [10, 25, 50, 100]),
    },
    receipts: process.env.BENCH_RECEIPTS !== '0',
    log: (line) => console.log(`[bench] ${line}`),
  };
  const label = process.env.BENCH_LABEL ?? 'run';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const results: Record<string, any> = {};
  const write = () => writeReport(label, { ...settings, log: undefined, scenarios }, results);
  for (const name of scenarios) {
    console.log(`[bench] scenario ${name}`);
    if (name === 'connections') results.connections = await connectionsScenario(settings);
    if (name === 'dm') results.dm = await dmScenario(settings);
    if (name === 'group') results.group = await groupScenario(settings);
    if (name === 'ceiling')
      results.ceiling = {
        dm: await dmScenario({ ...settings, dmRates: [...settings.dmRates, 8000, 16000] }, true),
        group: await groupScenario(
          { ...settings, groupRates: { 50: [...settings.groupRates[50]!, 1600], 256: [...settings.groupRates[256]!, 200, 400] } },
          true,
        ),
      };
    if (name === 'max') results.max = await maxScenario(settings);
    if (name === 'abuse') results.abuse = await abuseScenario(settings);
    if (name === 'footprint')
      results.footprint = await footprintScenario({
        modes: (process.env.BENCH_FOOTPRINT_MODES ?? 'pglite,postgres').split(',') as FootprintMode[],
        servers: (process.env.BENCH_FOOTPRINT_SERVERS ?? 'this=.').split(',').map((entry) => {
          const [label, root] = entry.split('=') as [string, string];
          return { label, root: path.resolve(repoRoot, root) };
        }),
        seconds: Number(process.env.BENCH_SECONDS ?? 600),
        rate: Number(process.env.BENCH_FOOTPRINT_RATE ?? 100),
        users: Number(process.env.BENCH_FOOTPRINT_USERS ?? 50),
        limitMb: Number(process.env.BENCH_FOOTPRINT_LIMIT_MB ?? 1024),
        serverEnv: Object.fromEntries(
          (process.env.BENCH_FOOTPRINT_ENV ?? '')
            .split(',')
            .filter(Boolean)
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        ),
        log: settings.log,
      });
    if (name === 'soak') results.soak = await soakScenario({ seconds: Number(process.env.BENCH_SOAK_SECONDS ?? 600), log: settings.log });
    if (name === 'data')
      results.data = await dataScenario({
        users: Number(process.env.BENCH_DATA_USERS ?? 500),
        chats: Number(process.env.BENCH_DATA_CHATS ?? 2000),
        messages: Number(process.env.BENCH_DATA_MESSAGES ?? 1_000_000),
        bigChat: Number(process.env.BENCH_DATA_BIG_CHAT ?? 200_000),
        viewerChats: Number(process.env.BENCH_DATA_VIEWER_CHATS ?? 500),
        iterations: Number(process.env.BENCH_DATA_ITERATIONS ?? 100),
        log: settings.log,
      });
    write(); // a partial report survives a later failure
  }
  const files = write();
  console.log(`[bench] report: ${files.md}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
