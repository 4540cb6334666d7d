/**
 * Global setup of the `release` test project: makes the artifact once, as `npm run release` does, into a
 * temporary folder (the developer's release/ stays as it is). Stale builds are built first by the same rule
 * as `npm start` (scripts/build-state.mjs); the e2e project's setup builds the web app by the same
 * command and test, so in one `npm test` whichever setup runs first builds it and the other finds it fresh.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    releaseTarball: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = path.resolve(import.meta.dirname, '..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'samvad-release-artifact-'));
  execFileSync(process.execPath, ['scripts/release.mjs', '--out', out], { cwd: root, stdio: 'inherit' });
  const tarballs = fs.readdirSync(out).filter((file) => file.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`expected one tarball in ${out}, found ${tarballs.join(', ') || 'none'}`);
  project.provide('releaseTarball', path.join(out, tarballs[0]!));
  return () => fs.rmSync(out, { recursive: true, force: true });
}
