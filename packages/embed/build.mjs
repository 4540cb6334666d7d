// Builds the package: dist/index.js (ESM for bundlers; React, react-dom and socket.io-client stay
// imports), dist/*.d.ts (tsc), and dist/embed.js (one self-contained script defining the web
// components, served by the Samvad server at /embed.js, with its precompressed copies).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { precompress } from '../../scripts/precompress.mjs';

const here = new URL('.', import.meta.url).pathname;
const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
fs.rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

const common = { absWorkingDir: here, bundle: true, platform: 'browser', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    external: [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies), 'react/jsx-runtime', 'react-dom/client'],
    // The components use hooks and the DOM: in the Next.js App Router they are client components.
    banner: { js: "'use client';" },
  }),
  build({
    ...common,
    entryPoints: ['src/elements/register.tsx'],
    outfile: 'dist/embed.js',
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: false,
  }),
]);

// The server sends /embed.js as these Brotli/gzip copies to clients that accept them.
await precompress([new URL('./dist/embed.js', import.meta.url).pathname]);

// Type declarations from the same sources (the web components have none to export).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
console.log('@samvad/embed built into packages/embed/dist');
