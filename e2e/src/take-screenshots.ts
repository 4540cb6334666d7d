/**
 * Screenshots of the daily-use polish screens (issue 13) as a person sees them: the image viewer, an
 * open message menu, the confirmation dialog, the Undo toast, search across chats and group info, on a 390 px phone, an 820 px tablet
 * and a 1440 px desktop, light and dark; then pictures of people and groups (pictureScenes). Written to e2e/screenshots/polish-*.png (kept in git) for
 * review. Not a test: `npm run screenshots -w @samvad/e2e`.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PASSWORD, screenshot, startServer } from './harness.js';
import { makeScenePng } from './png.js';
import { restAs } from './rest.js';

const SIZES = [
  { name: 'phone', width: 390, height: 844, isMobile: true },
  { name: 'tablet', width: 820, height: 1180, isMobile: false },
  { name: 'desktop', width: 1440, height: 900, isMobile: false },
] as const;
const SCHEMES = ['light', 'dark'] as const;

const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });
const bubble = (page: Page, text: string) => messages(page).locator('[data-message-id]', { hasText: text });

async function openPriyasChat(browser: Browser, url: string, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    colorScheme: scheme,
    hasTouch: size.isMobile,
    isMobile: size.isMobile,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/chat`);
  await page.getByLabel('Email').fill('priya@samvad.local');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
  await bubble(page, 'I will bring the signed forms').waitFor();
  await messages(page).getByRole('button', { name: 'Open image gate.png' }).locator('img').waitFor();
  return page;
}

async function signInAs(browser: Browser, url: string, email: string, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    colorScheme: scheme,
    hasTouch: size.isMobile,
    isMobile: size.isMobile,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/chat`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[aria-label="Chats"][aria-busy="false"]').waitFor();
  return page;
}

/** Every avatar in view shows its picture (or has none): no half-loaded screens. */
async function picturesLoaded(page: Page) {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLImageElement>('[data-avatar="picture"] img')).every(
      (img) => img.complete && img.naturalWidth > 0,
    ),
  );
}

/**
 * Pictures of people and groups (issue 13.15): set after the other scenes, so that those stay as they
 * were. Settings with a picture and the crop dialog, the chat list and a conversation header with
 * pictures, and group info with the group picture as its admin sees it.
 */
async function pictureScenes(browser: Browser, url: string) {
  const admin = await restAs(url, 'admin@samvad.local');
  await admin.putPicture('/api/users/me/avatar', makeScenePng(400, 400, [190, 90, 160]));
  await (await restAs(url, 'priya@samvad.local')).putPicture('/api/users/me/avatar', makeScenePng(400, 400, [200, 120, 40]));
  await (await restAs(url, 'ravi@samvad.local')).putPicture('/api/users/me/avatar', makeScenePng(400, 400, [60, 60, 160]));
  const group = await admin.chatNamed('Field Team - Mumbai');
  await admin.putPicture(`/api/chats/${group.id}/avatar`, makeScenePng(800, 500, [40, 150, 110]));

  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      const page = await signInAs(browser, url, 'priya@samvad.local', size, scheme);
      const shot = (onPage: Page, what: string) => screenshot(onPage, `polish-${what}-${size.width}-${scheme}`);
      await picturesLoaded(page);
      await page.mouse.move(0, 0);
      await shot(page, 'pictures-chat-list');

      await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Asha Admin', exact: true }).click();
      await page.getByRole('button', { name: 'Contact info' }).locator('[data-avatar="picture"]').waitFor();
      await picturesLoaded(page);
      await page.mouse.move(0, 0);
      await shot(page, 'pictures-conversation');

      await page.goto(`${url}/settings`);
      await page.getByRole('button', { name: 'Remove your picture' }).waitFor();
      await picturesLoaded(page);
      await shot(page, 'pictures-settings');
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Choose your picture' }).click();
      await (await chooser).setFiles({ name: 'new.png', mimeType: 'image/png', buffer: makeScenePng(900, 600) });
      await page.getByRole('dialog', { name: 'Your picture' }).locator('img').waitFor();
      await shot(page, 'pictures-crop');
      await page.context().close();

      const asha = await signInAs(browser, url, 'admin@samvad.local', size, scheme);
      await asha.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Field Team - Mumbai', exact: true }).click();
      await asha
        .getByRole('region', { name: /^Conversation with/ })
        .getByRole('button', { name: 'Group info' })
        .click();
      await asha.getByRole('complementary', { name: 'Group info' }).getByRole('button', { name: 'Remove group picture' }).waitFor();
      await picturesLoaded(asha);
      await asha.mouse.move(0, 0);
      await shot(asha, 'pictures-group-info');
      await asha.context().close();
    }
  }
}

async function openMenu(page: Page, text: string) {
  await bubble(page, text).hover();
  await bubble(page, text).getByRole('button', { name: 'Message actions' }).click();
  await page.getByRole('menu').waitFor();
}

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const admin = await restAs(server.url, 'admin@samvad.local');
    const priya = await restAs(server.url, 'priya@samvad.local');
    const chat = await admin.chatNamed('Priya Sharma');
    await admin.sendImage(chat.id, 'gate.png', makeScenePng(1600, 1000), 'Front gate of ZP School, Andheri: the new ramp is finished');
    await admin.sendImage(chat.id, 'library.png', makeScenePng(900, 1400, [190, 90, 160]), 'The new library');
    await admin.sendText(chat.id, 'Can you check the visit report before Friday?');
    await priya.sendText(chat.id, 'I will bring the signed forms tomorrow');
    const group = await admin.chatNamed('Field Team - Mumbai');
    await admin.sendImage(group.id, 'ramp.png', makeScenePng(1600, 700, [40, 150, 110]), 'The ramp at the side entrance');
    await priya.sendText(
      group.id,
      'The survey form: https://example.org/forms/school-visits/2026/andheri-east/zp-school-no-4/ramp-and-library',
    );

    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        const page = await openPriyasChat(browser, server.url, size, scheme);
        const shot = (what: string) => screenshot(page, `polish-${what}-${size.width}-${scheme}`);

        await messages(page).getByRole('button', { name: 'Open image gate.png' }).click();
        await page.getByRole('dialog', { name: 'Image viewer' }).getByRole('img', { name: 'gate.png' }).waitFor();
        await shot('image-viewer');
        await page.keyboard.press('Escape');
        await page.getByRole('dialog', { name: 'Image viewer' }).waitFor({ state: 'detached' });

        await openMenu(page, 'I will bring the signed forms');
        await shot('message-menu');
        await page.getByRole('menuitem', { name: 'Delete for everyone' }).click();
        const confirm = page.getByRole('alertdialog', { name: 'Delete message?' });
        await confirm.waitFor();
        await shot('confirm-dialog');
        await confirm.getByRole('button', { name: 'Cancel' }).click();

        await openMenu(page, 'Can you check the visit report');
        await page.getByRole('menuitem', { name: 'Delete for me' }).click();
        await page.getByRole('alertdialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete for me' }).click();
        const undo = page.getByRole('button', { name: 'Undo' });
        await undo.waitFor();
        await page.mouse.move(0, 0); // no hover effects in the picture
        await shot('undo-toast');
        await undo.click();
        await bubble(page, 'Can you check the visit report').waitFor();

        // Search across chats, in the chat list's place (on a phone, back to the list first).
        if (size.isMobile) await page.getByRole('button', { name: 'Back' }).click();
        await page.getByRole('button', { name: 'Search all chats' }).click();
        await page.keyboard.type('visit');
        await page.keyboard.press('Enter');
        await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().waitFor();
        await shot('search-panel');
        await page.keyboard.press('Escape');

        // Group info: beside the conversation on a desktop, over it below 1100 px.
        await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: 'Field Team - Mumbai', exact: true }).click();
        await bubble(page, 'The survey form').waitFor();
        await page
          .getByRole('region', { name: /^Conversation with/ })
          .getByRole('button', { name: 'Group info' })
          .click();
        await page.getByRole('complementary', { name: 'Group info' }).waitFor();
        await page.mouse.move(0, 0);
        await shot('group-info');
        await page.context().close();
      }
    }
    await pictureScenes(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
