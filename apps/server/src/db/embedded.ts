/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) in the server's own process,
 * its files under DATA_DIR/pglite. Two things keep it small enough for the spec's 1 GB VM
 * (issue 15; figures in bench/results/README.md, "footprint"):
 * - settings for a small machine: PGlite's default shared_buffers of 128 MB sits in the process's
 *   memory for good once touched (WebAssembly memory never shrinks);
 * - a first start from a template made at build time (`npm run build -w @samvad/server` writes
 *   dist/pglite-template.tgz, already migrated): running initdb inside WebAssembly peaks at about
 *   940 MB, loading the template at about 430 MB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';

/** postgresql.conf of the embedded server (written by PGlite at every start). */
export const EMBEDDED_SETTINGS = ['shared_buffers = 16MB', 'maintenance_work_mem = 16MB'];

const TEMPLATE = 'pglite-template.tgz';
const TEMPLATE_INFO = 'pglite-template.json';

interface TemplateInfo {
  pgliteVersion: string;
  lastMigration: string;
}

/** The installed PGlite's version (its data folders are only read by the version that wrote them). */
function pgliteVersion(): string {
  // The package does not export its package.json: walk up from its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json')) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function lastMigration(migrationsFolder: string): string {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.at(-1)?.tag ?? '';
}

/** Where the build puts the template: beside the running bundle (from source, tests and tsx, there is none). */
export const bundleDir = () => path.dirname(fileURLToPath(import.meta.url));

/** The template in `dir`, if it was made by this PGlite from these migrations. */
export async function findTemplate(dir: string, migrationsFolder: string): Promise<Blob | undefined> {
  const file = path.join(dir, TEMPLATE);
  const infoFile = path.join(dir, TEMPLATE_INFO);
  if (!fs.existsSync(file) || !fs.existsSync(infoFile)) return undefined;
  const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as TemplateInfo;
  if (info.pgliteVersion !== pgliteVersion() || info.lastMigration !== lastMigration(migrationsFolder)) return undefined;
  return new Blob([fs.readFileSync(file)]);
}

/** A data folder PGlite has not initialised yet (no PG_VERSION): a first start. */
export const isFirstStart = (dataDir: string) => !fs.existsSync(path.join(dataDir, 'PG_VERSION'));

/** Writes the template of a migrated, empty database into `outDir` (called by build.mjs). */
export async function writeTemplate(client: PGlite, migrationsFolder: string, outDir: string): Promise<void> {
  const dump = await client.dumpDataDir('gzip');
  fs.writeFileSync(path.join(outDir, TEMPLATE), Buffer.from(await (dump as Blob).arrayBuffer()));
  const info: TemplateInfo = { pgliteVersion: pgliteVersion(), lastMigration: lastMigration(migrationsFolder) };
  fs.writeFileSync(path.join(outDir, TEMPLATE_INFO), JSON.stringify(info));
}
