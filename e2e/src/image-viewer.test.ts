/**
 * The image viewer (issue 13.1): full screen above everything, fitted, zoomable, with Download, the
 * caption and sender, left/right through the chat's images, and closed by Escape, a backdrop click or
 * the browser's Back; focus goes in and comes back to the picture. On a desktop and on a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startServer, type RunningServer } from './harness.js';
import { makeScenePng } from './png.js';
import { restAs } from './rest.js';

let server: RunningServer;
let browser: Browser;

const viewer = (page: Page) => page.getByRole('dialog', { name: 'Image viewer' });
const shownImage = (page: Page) => viewer(page).getByRole('img', { name: /\.png$/ });
const picture = (page: Page, fileName: string) =>
  page.getByRole('list', { name: 'Messages' }).getByRole('button', { name: `Open image ${fileName}` });
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

/** Which element is on top at a point: the viewer's label when the viewer is, else the element's tag. */
const topmostAt = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([px, py]) => {
      const hit = document.elementFromPoint(px!, py!);
      return hit?.closest('[role="dialog"], dialog')?.getAttribute('aria-label') ?? hit?.tagName ?? null;
    },
    [x, y],
  );

async function expectCoversViewport(page: Page) {
  const box = (await viewer(page).boundingBox())!;
  const size = page.viewportSize()!;
  expect(box.x).toBeLessThanOrEqual(0);
  expect(box.y).toBeLessThanOrEqual(0);
  expect(box.x + box.width).toBeGreaterThanOrEqual(size.width);
  expect(box.y + box.height).toBeGreaterThanOrEqual(size.height);
  // The page behind is hidden by a dark backdrop, not seen through it.
  const backdropAlpha = await viewer(page).evaluate((el) => {
    const color = getComputedStyle(el).backgroundColor; // rgba(…, a), or oklab(… / a) for mixed colours
    const alpha = /\/\s*([\d.]+)\)$/.exec(color)?.[1] ?? /^rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)\)$/.exec(color)?.[1];
    return alpha === undefined ? 1 : Number(alpha);
  });
  expect(backdropAlpha).toBeGreaterThan(0.9);
  // Above the composer and the chat list, not under them.
  const composer = (await page.getByLabel('Type a message').boundingBox())!;
  expect(await topmostAt(page, composer.x + composer.width / 2, composer.y + composer.height / 2)).toBe('Image viewer');
  expect(await topmostAt(page, 5, size.height / 2)).toBe('Image viewer');
  // The picture is fitted: all of it inside the screen.
  const image = (await shownImage(page).boundingBox())!;
  expect(image.x).toBeGreaterThanOrEqual(0);
  expect(image.y).toBeGreaterThanOrEqual(0);
  expect(image.x + image.width).toBeLessThanOrEqual(size.width);
  expect(image.y + image.height).toBeLessThanOrEqual(size.height);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Three pictures from Asha to Priya, then a line of text below them.
  const admin = await restAs(server.url, 'admin@samvad.local');
  const chat = await admin.chatNamed('Priya Sharma');
  await admin.sendImage(chat.id, 'gate.png', makeScenePng(1600, 1000, [56, 132, 212]), 'Front gate of the school');
  await admin.sendImage(chat.id, 'library.png', makeScenePng(900, 1400, [190, 90, 160]), 'The new library');
  await admin.sendImage(chat.id, 'classroom.png', makeScenePng(1200, 900, [80, 160, 120]));
  await admin.sendText(chat.id, 'Those are from this morning');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('image viewer on a desktop', () => {
  let page: Page;

  beforeAll(async () => {
    page = await signIn(browser, server.url, 'priya@samvad.local', { width: 1280, height: 800 });
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
    await picture(page, 'classroom.png').locator('img').waitFor();
  }, 60_000);

  it('opens full screen above everything, with caption, sender and time; Escape closes it and focus returns', async () => {
    await picture(page, 'library.png').click();
    await shownImage(page).waitFor();
    await expectCoversViewport(page);
    expect(await shownImage(page).getAttribute('alt')).toBe('library.png');
    await viewer(page).getByText('The new library').waitFor();
    await viewer(page).getByText('Asha Admin').waitFor();
    await viewer(page).locator('time').waitFor();
    // Focus is in the viewer.
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await viewer(page).waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Open image library.png');
  }, 60_000);

  it('moves through the chat’s images with the arrow keys and the on-screen buttons', async () => {
    await picture(page, 'library.png').click();
    await shownImage(page).waitFor();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('classroom.png');
    expect(await viewer(page).getByText('The new library').count()).toBe(0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('gate.png');
    await viewer(page).getByText('Front gate of the school').waitFor();
    await viewer(page).getByRole('button', { name: 'Next image' }).click();
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('library.png');
    await viewer(page).getByRole('button', { name: 'Previous image' }).click();
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('gate.png');
    // Focus comes back to the picture now shown.
    await viewer(page).getByRole('button', { name: 'Close' }).click();
    await viewer(page).waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Open image gate.png');
  }, 60_000);

  it('zooms with the wheel, a double click and the buttons, and downloads', async () => {
    await picture(page, 'gate.png').click();
    await shownImage(page).waitFor();
    await expectCoversViewport(page);
    const fitted = (await shownImage(page).boundingBox())!;
    const width = async () => (await shownImage(page).boundingBox())!.width;
    const center = { x: fitted.x + fitted.width / 2, y: fitted.y + fitted.height / 2 };
    await page.mouse.move(center.x, center.y);
    await page.mouse.wheel(0, -600);
    await expect.poll(width).toBeGreaterThan(fitted.width * 1.3);
    // A double click on a zoomed picture fits it again; on a fitted one it zooms in.
    await page.mouse.dblclick(center.x, center.y);
    await expect.poll(async () => Math.round(await width())).toBe(Math.round(fitted.width));
    await page.mouse.dblclick(center.x, center.y);
    await expect.poll(width).toBeGreaterThan(fitted.width * 1.3);
    // Each click waits for the last one's zoom to settle, as a person's clicks do.
    for (let click = 0; click < 4 && Math.round(await width()) > Math.round(fitted.width); click++) {
      const before = await width();
      await viewer(page).getByRole('button', { name: 'Zoom out' }).click();
      await expect.poll(width).toBeLessThan(before);
      await page.waitForTimeout(300);
    }
    await expect.poll(async () => Math.round(await width())).toBe(Math.round(fitted.width));
    await viewer(page).getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(width).toBeGreaterThan(fitted.width * 1.2);

    const [download] = await Promise.all([page.waitForEvent('download'), viewer(page).getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('gate.png');
    await page.keyboard.press('Escape');
    await viewer(page).waitFor({ state: 'detached' });
  }, 60_000);

  it('closes on a click on the backdrop beside the picture, not on the picture', async () => {
    await picture(page, 'library.png').click();
    await shownImage(page).waitFor();
    const box = (await shownImage(page).boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await viewer(page).count()).toBe(1);
    // The portrait picture leaves room beside it, away from the Previous/Next buttons at the edges.
    expect(box.x).toBeGreaterThan(200);
    await page.mouse.click(box.x - 60, box.y + 40);
    await viewer(page).waitFor({ state: 'detached' });
  }, 60_000);

  it('closes on the browser’s Back, leaving the conversation open', async () => {
    const before = page.url();
    await picture(page, 'classroom.png').click();
    await shownImage(page).waitFor();
    expect(page.url()).not.toBe(before);
    await page.goBack();
    await viewer(page).waitFor({ state: 'detached' });
    expect(page.url()).toBe(before);
    await page.getByLabel('Type a message').waitFor();
    // Closing with Escape takes its history entry away too: Back leaves the viewer's entry, not the page.
    await picture(page, 'classroom.png').click();
    await shownImage(page).waitFor();
    await page.keyboard.press('Escape');
    await viewer(page).waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).toBe(before);
  }, 60_000);
});

describe('image viewer on a phone', () => {
  let page: Page;

  /** A one-finger swipe made of real touch events (CDP), as a phone sends them. */
  async function swipe(from: { x: number; y: number }, dx: number) {
    const cdp = await page.context().newCDPSession(page);
    const point = (x: number) => [{ x, y: from.y }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from.x) });
    for (let step = 1; step <= 6; step++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(from.x + (dx * step) / 6) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  /** Two fingers moving apart around a point. */
  async function pinchOut(center: { x: number; y: number }) {
    const cdp = await page.context().newCDPSession(page);
    const fingers = (spread: number) => [
      { x: center.x - spread, y: center.y, id: 0 },
      { x: center.x + spread, y: center.y, id: 1 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
    for (let spread = 30; spread <= 120; spread += 10)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/chat`);
    await page.getByLabel('Email').fill('priya@samvad.local');
    await page.getByLabel('Password').fill('samvad-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
    await picture(page, 'classroom.png').locator('img').waitFor();
  }, 60_000);

  it('covers the phone’s screen, swipes between images, pinches to zoom, and Back closes it', async () => {
    await picture(page, 'classroom.png').click();
    await shownImage(page).waitFor();
    await expectCoversViewport(page);
    const box = (await shownImage(page).boundingBox())!;
    const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // The newest picture: a swipe to the right shows the one before it, to the left the next again.
    await swipe({ x: 90, y: middle.y }, 220);
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('library.png');
    await swipe({ x: 300, y: middle.y }, -220);
    await expect.poll(() => shownImage(page).getAttribute('alt')).toBe('classroom.png');

    const fitted = (await shownImage(page).boundingBox())!;
    await pinchOut({ x: fitted.x + fitted.width / 2, y: fitted.y + fitted.height / 2 });
    await expect.poll(async () => (await shownImage(page).boundingBox())!.width).toBeGreaterThan(fitted.width * 1.3);
    // Zoomed in, a swipe pans the picture instead of changing it.
    await swipe({ x: 200, y: middle.y }, -120);
    expect(await shownImage(page).getAttribute('alt')).toBe('classroom.png');

    await page.goBack();
    await viewer(page).waitFor({ state: 'detached' });
    await page.getByLabel('Type a message').waitFor();
    expect(await page.getByRole('list', { name: 'Chats' }).isVisible()).toBe(false);
  }, 60_000);
});
