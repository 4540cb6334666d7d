/**
 * The web app's Content-Security-Policy allows no inline script but those the static export itself
 * wrote (Next.js inlines its bootstrap and data): their SHA-256 hashes, read from the exported
 * HTML once at start-up. A script injected into a page matches none of them and does not run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

/** `'sha256-…'` sources for every inline script of every page under `webDir` (none when absent). */
export function inlineScriptHashes(webDir: string | undefined): string[] {
  if (!webDir || !fs.existsSync(webDir)) return [];
  const hashes = new Set<string>();
  for (const file of htmlFiles(webDir)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)) {
      const body = match[1]!;
      if (body.length === 0) continue;
      hashes.add(`'sha256-${crypto.createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}
