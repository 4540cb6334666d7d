/** What host pages on other origins rely on: /embed.js loads cross-origin, health is readable from anywhere. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

const HOST = 'https://school.example';
let server: TestServer;

beforeAll(async () => {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('@samvad/embed/package.json'));
  // Built with its precompressed copies (a build from before they existed has none).
  if (!fs.existsSync(path.join(packageDir, 'dist/embed.js.br'))) execFileSync(process.execPath, ['build.mjs'], { cwd: packageDir });
  server = await startTestServer({ env: { CORS_ORIGINS: HOST } });
});
afterAll(() => server.close());

describe('embedding on other origins', () => {
  it('serves /embed.js as a script other origins may load', async () => {
    const response = await fetch(`${server.url}/embed.js`, { headers: { origin: 'https://anywhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('samvad-unread-badge');
  });

  it('sends /embed.js compressed (Brotli, else gzip) to clients that accept it', async () => {
    const sent = (acceptEncoding: string) =>
      new Promise<{ encoding?: string; vary?: string; type?: string; bytes: number }>((resolve, reject) => {
        http
          .get(`${server.url}/embed.js`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => (bytes += chunk.length));
            res.on('end', () =>
              resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, type: res.headers['content-type'], bytes }),
            );
          })
          .on('error', reject);
      });
    const [br, gzip, identity] = await Promise.all([sent('gzip, deflate, br'), sent('gzip'), sent('identity')]);
    expect(br).toMatchObject({
      encoding: 'br',
      vary: expect.stringMatching(/Accept-Encoding/i),
      type: expect.stringMatching(/^text\/javascript/),
    });
    expect(gzip).toMatchObject({ encoding: 'gzip', type: expect.stringMatching(/^text\/javascript/) });
    expect(identity.encoding).toBeUndefined();
    expect(br.bytes).toBeLessThan(identity.bytes / 3);
  });

  it('answers health to every origin, the API only to CORS_ORIGINS', async () => {
    const health = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://elsewhere.example' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await fetch(`${server.url}/api/auth/me`, { headers: { origin: 'https://elsewhere.example' } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${server.url}/api/auth/me`, { headers: { origin: HOST } });
    expect(allowed.status).toBe(401);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(HOST);
  });

  it('lets CORS_ORIGINS frame the web app', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${HOST}`);
  });
});
