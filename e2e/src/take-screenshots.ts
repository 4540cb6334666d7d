/**
 * Screenshots of the daily-use polish screens (issue 13) as a person sees them: the image viewer, an
 * open message menu, the confirmation dialog, the Undo toast, search across chats, group info and the emoji
 * picker (composer, reaction), on a 390 px phone, an 820 px tablet
 * and a 1440 px desktop, light and dark. Written to e2e/screenshots/polish-*.png (kept in git) for
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

async function openMenu(page: Page, text: string) {
  await bubble(page, text).hover();
  await bubble(page, text).getByRole('button', { name: 'Message actions' }).click();
  await page.getByRole('menu').waitFor();
}

/** The emoji picker above the composer, then for a reaction from a message's menu (issue 13.12). */
async function shootEmojiPickers(page: Page, shot: (what: string) => Promise<void>) {
  await page.getByRole('button', { name: 'Emoji' }).click();
  const composerPicker = page.getByRole('dialog', { name: 'Emoji' });
  await composerPicker.getByRole('gridcell', { name: 'Grinning face', exact: true }).waitFor();
  await shot('emoji-composer');
  await page.keyboard.press('Escape');
  await composerPicker.waitFor({ state: 'detached' });

  await openMenu(page, 'The survey form');
  await page.getByRole('menuitem', { name: 'React' }).click();
  await page.getByRole('menuitem', { name: 'More reactions' }).click();
  const reactionPicker = page.getByRole('dialog', { name: 'React with an emoji' });
  await reactionPicker.getByRole('searchbox', { name: 'Search emoji' }).fill('hand');
  await reactionPicker.getByRole('gridcell', { name: 'Waving hand', exact: true }).waitFor();
  await shot('emoji-reaction');
  // Escape in a search field with text clears it first; the next one closes the picker.
  await reactionPicker.getByRole('searchbox', { name: 'Search emoji' }).fill('');
  await page.keyboard.press('Escape');
  await reactionPicker.waitFor({ state: 'detached' });
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
        await page.keyboard.press('Escape');
        await page.getByRole('complementary', { name: 'Group info' }).waitFor({ state: 'detached' });

        await shootEmojiPickers(page, shot);
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
