/**
 * A memory cgroup (v1) that holds the stack under test — the server and, in PostgreSQL mode, the
 * database the scenario starts — with a hard limit, plus a cpuacct group per process family for
 * exact CPU time (exited backends included). Made and removed by the scenario; where none can be
 * made (no cgroup v1, not root) the scenario runs without and says so.
 */
import fs from 'node:fs';
import path from 'node:path';

const MEMORY_ROOT = '/sys/fs/cgroup/memory';
const CPU_ROOT = '/sys/fs/cgroup/cpuacct';

export interface StackCgroup {
  /** The shell prefix that puts a command into the cgroups of `family` before it starts. */
  enter(family: 'server' | 'db'): string;
  /** Peak memory charged to the stack (RSS and page cache), and whether it ever hit the limit. */
  memory(): { limitBytes: number; usageBytes: number; peakBytes: number; failcnt: number; oomKills: number };
  /** CPU seconds used by each family since it was made. */
  cpuSeconds(family: 'server' | 'db'): number;
  pids(): number[];
  remove(): void;
}

const read = (file: string) => fs.readFileSync(file, 'utf8').trim();

export function createStackCgroup(name: string, limitBytes: number): StackCgroup | { unavailable: string } {
  const memory = path.join(MEMORY_ROOT, name);
  const cpu = { server: path.join(CPU_ROOT, `${name}-server`), db: path.join(CPU_ROOT, `${name}-db`) };
  try {
    if (!fs.existsSync(path.join(MEMORY_ROOT, 'cgroup.procs')) || !fs.existsSync(path.join(CPU_ROOT, 'cgroup.procs')))
      return { unavailable: 'no cgroup v1 memory/cpuacct controllers at /sys/fs/cgroup' };
    fs.mkdirSync(memory);
    fs.writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(limitBytes));
    for (const dir of Object.values(cpu)) fs.mkdirSync(dir);
  } catch (error) {
    return { unavailable: `cannot make a cgroup (${(error as Error).message}); run as root on a cgroup v1 host` };
  }
  const procs = (dir: string) => path.join(dir, 'cgroup.procs');
  return {
    enter: (family) => `echo $$ > ${procs(memory)} && echo $$ > ${procs(cpu[family])} && exec`,
    memory() {
      const oom = read(path.join(memory, 'memory.oom_control')).match(/oom_kill (\d+)/);
      return {
        limitBytes,
        usageBytes: Number(read(path.join(memory, 'memory.usage_in_bytes'))),
        peakBytes: Number(read(path.join(memory, 'memory.max_usage_in_bytes'))),
        failcnt: Number(read(path.join(memory, 'memory.failcnt'))),
        oomKills: oom ? Number(oom[1]) : 0,
      };
    },
    cpuSeconds: (family) => Number(read(path.join(cpu[family], 'cpuacct.usage'))) / 1e9,
    pids: () => read(procs(memory)).split('\n').filter(Boolean).map(Number),
    remove() {
      // Anything left (it should all have exited) goes back to the root groups first.
      for (const dir of [memory, ...Object.values(cpu)]) {
        try {
          for (const pid of read(procs(dir)).split('\n').filter(Boolean)) fs.writeFileSync(procs(path.dirname(dir)), pid);
          fs.rmdirSync(dir);
        } catch {
          // already gone
        }
      }
    },
  };
}
