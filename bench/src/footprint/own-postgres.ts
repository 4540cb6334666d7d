/**
 * A PostgreSQL server of the scenario's own (initdb into a temporary folder, default settings as a
 * fresh Debian install has them), started inside the stack's cgroup so its memory and CPU count
 * against the 1 GB VM. Listens on 127.0.0.1 only; stopped and deleted afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface OwnPostgres {
  url: string;
  postmasterPid: number;
  /** Backends connected from clients (not the server's own background processes). */
  clientConnections(): Promise<number>;
  /** Pids of every process of this server (postmaster, background workers, backends). */
  pids(): number[];
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = fs.existsSync(root) ? fs.readdirSync(root).sort().pop() : undefined;
  if (!version) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(root, version, 'bin');
}

export async function startOwnPostgres(port: number, enterCgroup: string | undefined): Promise<OwnPostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-footprint-pg-'));
  const isRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const asOwner = (command: string) => (isRoot ? `runuser -u postgres -- ${command}` : command);
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  execFileSync('sh', ['-c', asOwner(`${bin}/initdb -D ${data} -U postgres --auth=trust --no-sync`)], { stdio: 'ignore' });
  const command = asOwner(`${bin}/postgres -D ${data} -p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`);
  const child: ChildProcess = spawn('sh', ['-c', enterCgroup ? `${enterCgroup} ${command}` : `exec ${command}`], { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('PostgreSQL did not start');
    if (
      await admin.query('select 1').then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error('PostgreSQL did not answer within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const postmasterPid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url,
    postmasterPid,
    async clientConnections() {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`,
      );
      return rows[0]!.n;
    },
    pids() {
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmasterPid)], { encoding: 'utf8' }).split('\n');
      return [postmasterPid, ...children.map((p) => Number(p.trim())).filter((p) => p > 0)];
    },
    async stop() {
      await admin.end();
      try {
        process.kill(postmasterPid, 'SIGINT'); // fast shutdown
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
