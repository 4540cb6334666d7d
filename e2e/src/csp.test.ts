/**
 * The web app under its Content-Security-Policy (issue 17.7): no 'unsafe-inline' for scripts, only
 * the export's own inline scripts (by hash) run, an injected inline script does not, and the pages
 * load and work without a single CSP violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('content security policy', () => {
  it('allows no inline script but the export’s own, and connects only to its own origin', async () => {
    const response = await fetch(`${server.url}/chat`);
    const policy = response.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).toMatch(/'sha256-/);
    expect(/connect-src ([^;]*)/.exec(policy)?.[1]?.trim()).toBe("'self'");
  });

  it('runs the app without violations and blocks an injected inline script', async () => {
    const violations: string[] = [];
    const page = await signIn(browser, server.url, 'priya@samvad.local');
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // Every page of the export, loaded fresh: its inline scripts must all be allowed.
    for (const route of ['/chat', '/dashboard', '/settings', '/visits/demo']) {
      await page.goto(`${server.url}${route}`);
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${server.url}/chat`);
    await page.locator('[aria-label="Chats"][aria-busy="false"]').waitFor();
    const injectedRan = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(injectedRan).toBe(false);
    expect(violations.filter((v) => !v.includes('__injected') && !/inline script/i.test(v))).toEqual([]);
    expect(violations.length).toBe(1); // the injected script, and nothing else
    await page.context().close();
  });
});
