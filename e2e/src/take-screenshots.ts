/**
 * Screenshots of the daily-use polish screens (issue 13) as a person sees them: the image viewer, an
 * open message menu, the confirmation dialog, the Undo toast, search across chats, group info, a chat opened with
 * unread messages, the chat list (Archived row, a draft, the long-press actions) and the emoji picker (composer,
 * reaction), on a 390 px phone, an 820 px tablet and a 1440 px desktop, light and dark; then pictures of people
 * and groups (pictureScenes, last, so the other scenes keep initials). Written to e2e/screenshots/polish-*.png (kept in git) for
 * review. Not a test: `npm run screenshots -w @samvad/e2e`.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, PASSWORD, screenshot, startServer } from './harness.js';
import { makeScenePng } from './png.js';
import { cameraPhoto } from './photos.js';
import { restAs, type Rest } from './rest.js';

const SIZES = [
  { name: 'phone', width: 390, height: 844, isMobile: true },
  { name: 'tablet', width: 820, height: 1180, isMobile: false },
  { name: 'desktop', width: 1440, height: 900, isMobile: false },
] as const;
const SCHEMES = ['light', 'dark'] as const;

const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });
const bubble = (page: Page, text: string) => messages(page).locator('[data-message-id]', { hasText: text });

/** Priya signed in on /chat, at that size and colour scheme. */
async function priyaSignedIn(browser: Browser, url: string, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
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
  return page;
}

async function openPriyasChat(browser: Browser, url: string, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
  const page = await priyaSignedIn(browser, url, size, scheme);
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

/**
 * The chat list (issue 13.6, 9, 11): an "Archived" row with its unread count above a chat with a
 * "Draft: …", and on a phone the chat actions a long press opens.
 */
async function chatListScenes(browser: Browser, url: string) {
  const priya = await restAs(url, 'priya@samvad.local');
  const ravi = await restAs(url, 'ravi@samvad.local');
  const people = await priya.get<{ users: { id: string; name: string }[] }>('/api/users');
  const idOf = (name: string) => people.users.find((u) => u.name === name)!.id;
  const open = async (name: string) =>
    ((await priya.send('POST', '/api/chats', { type: 'ONE_ON_ONE', participantId: idOf(name) })) as { chat: { id: string } }).chat.id;
  const withRavi = await open('Ravi Kumar');
  await open('Meera Iyer');
  await ravi.sendText(withRavi, 'Reminder: the Bandra visit moved to Friday');
  await ravi.sendText(withRavi, 'Can you bring the attendance sheets?');
  await priya.send('PUT', `/api/chats/${withRavi}`, { isArchived: true });

  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      const page = await openPriyasChat(browser, url, size, scheme);
      const shot = (what: string) => screenshot(page, `polish-${what}-${size.width}-${scheme}`);
      const list = page.getByRole('list', { name: 'Chats' });
      // A draft left in Meera's chat, then back to the list (phone) or on to another chat.
      if (size.isMobile) await page.getByRole('button', { name: 'Back' }).click();
      await list.getByRole('button', { name: 'Meera Iyer', exact: true }).click();
      await page.getByLabel('Type a message').fill('I will send the photos of the library tonight');
      if (size.isMobile) await page.getByRole('button', { name: 'Back' }).click();
      else await list.getByRole('button', { name: 'Asha Admin', exact: true }).click();
      await list.getByRole('listitem', { name: 'Meera Iyer' }).getByText('Draft:').waitFor();
      await list.getByRole('button', { name: /^Archived/ }).waitFor();
      await page.mouse.move(0, 0);
      await shot('chat-list');

      if (size.isMobile) {
        // A long press on a row: the chat's actions, where the finger is.
        const item = list.getByRole('listitem', { name: 'Asha Admin' });
        const box = (await item.boundingBox())!;
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + 120, y: box.y + box.height / 2 }] });
        await page.getByRole('menu', { name: 'Chat options' }).waitFor();
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await shot('touch-menu');
      }
      await page.context().close();
    }
  }
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
  const browser = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
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

    if (process.env.SCENES === 'field-use') return await fieldUseScenes(browser, server.url); // just these
    if (process.env.SCENES === 'voice') return await voiceScenes(browser, server.url, admin, priya, chat.id); // just these
    await unreadScenes(browser, server.url);
    await fieldUseScenes(browser, server.url);
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
    await chatListScenes(browser, server.url);
    await pictureScenes(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * A chat opened with 36 unread (issue 13.3): the divider at the top, the jump-to-latest button with
 * the count below. Opening reads what is on screen, so each size and scheme gets a chat of its own.
 */
async function unreadScenes(browser: Browser, url: string) {
  const admin = await restAs(url, 'admin@samvad.local');
  const priya = await restAs(url, 'priya@samvad.local');
  const { users } = await admin.get<{ users: { id: string; name: string }[] }>('/api/users?q=Priya');
  const priyaId = users.find((u) => u.name === 'Priya Sharma')!.id;
  const scenes = SIZES.flatMap((size) => SCHEMES.map((scheme) => ({ size, scheme })));
  for (const [i, scene] of scenes.entries()) {
    const name = `Ward ${i + 1} survey`;
    const { chat } = (await admin.send('POST', '/api/chats', { type: 'GROUP', name, participantIds: [priyaId] })) as {
      chat: { id: string };
    };
    let read = { id: '' };
    for (let n = 1; n <= 4; n++)
      read = await admin.sendText(chat.id, `Yesterday's note ${n}: the ramp measurements are in the shared folder`);
    await priya.send('PUT', `/api/messages/${read.id}/read`);
    for (let n = 1; n <= 36; n++)
      await admin.sendText(
        chat.id,
        n % 5 === 0 ? `School ${n}: the library shelves arrived, two are damaged and need replacing` : `School ${n}: visited, forms signed`,
      );

    const { size, scheme } = scene;
    const page = await priyaSignedIn(browser, url, size, scheme);
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name, exact: true }).click();
    await messages(page).getByText('36 unread messages', { exact: true }).waitFor();
    // After opening read what is on screen: the button counts what is left below.
    await page.getByRole('button', { name: /^Scroll to latest message, ([12]\d|\d) unread/ }).waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, `polish-unread-open-${size.width}-${scheme}`);
    await page.context().close();
  }
}

/**
 * Field use (issue 14): a camera photo waiting to be sent with its "HD" switch, Settings with the
 * notification switches, and the app opened with no network showing what was saved.
 * `SCENES=field-use npm run screenshots -w @samvad/e2e` takes only these.
 */
async function fieldUseScenes(browser: Browser, url: string) {
  const photo = await cameraPhoto();
  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      const page = await openPriyasChat(browser, url, size, scheme);
      const shot = (what: string) => screenshot(page, `polish-${what}-${size.width}-${scheme}`);
      await page.locator('input[type=file]').setInputFiles({ name: 'classroom.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByRole('button', { name: 'HD' }).waitFor();
      await shot('field-photo');
      await page.getByRole('button', { name: 'Remove attachment' }).click();

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByText('Notifications when Samvad is closed').waitFor();
      await page.getByText(/^(On for this device|New messages reach this device|Not available here|Blocked)/).waitFor();
      await shot('field-settings');

      // Offline: the service worker serves the app, the saved list and messages show.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
      await page.waitForTimeout(4000); // the offline snapshot is written a few seconds after a change
      await page.context().setOffline(true);
      await page.goto(`${url}/chat`);
      await page.getByText(/Showing chats as saved/).waitFor();
      await shot('field-offline');
      await page.context().close();
    }
  }
}

/**
 * Voice messages (issue 14): one from each side, one playing; the recording bar with its timer and
 * level meter; listening back before sending. `SCENES=voice` takes only these.
 */
async function voiceScenes(browser: Browser, url: string, admin: Rest, priya: Rest, chatId: string) {
  const recording = fs.readFileSync(new URL('../fixtures/voice-note.webm', import.meta.url));
  await admin.sendVoice(chatId, 'Voice message.webm', recording);
  await priya.sendVoice(chatId, 'Voice message.webm', recording);
  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      const page = await openPriyasChat(browser, url, size, scheme);
      await page.context().grantPermissions(['microphone']);
      const shot = (what: string) => screenshot(page, `polish-${what}-${size.width}-${scheme}`);
      const voices = messages(page).locator('[data-voice-message]');
      await voices.nth(1).waitFor();
      await voices.nth(0).getByRole('button', { name: 'Play voice message' }).click();
      await voices
        .nth(0)
        .getByRole('button', { name: /Playback speed/ })
        .waitFor();
      await page.waitForTimeout(3500); // a few bars played
      await shot('voice-playing');
      await voices.nth(0).getByRole('button', { name: 'Pause voice message' }).click();

      await page.getByRole('button', { name: 'Record voice message' }).click();
      const bar = page.getByRole('group', { name: 'Recording a voice message' });
      await bar.getByRole('timer').getByText('0:03').waitFor({ timeout: 10_000 });
      await shot('voice-recording');
      await page.getByRole('button', { name: 'Stop and listen' }).click();
      await page.getByRole('group', { name: 'Voice message to send' }).waitFor();
      await shot('voice-preview');
      await page.getByRole('button', { name: 'Discard voice message' }).click();
      await page.context().close();
    }
  }
}

await main();
