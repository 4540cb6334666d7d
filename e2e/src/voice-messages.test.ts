/**
 * Voice messages in the browser (issue 14), with Chromium's fake microphone (a tone with beeps):
 * record by click on a desktop and by press-and-hold on a phone (slide to cancel, slide up to
 * lock), listen before sending, send while offline; the other side sees the length the server
 * measured, plays it, changes the speed and seeks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import type { Chat, Message } from '@samvad/protocol';
import { apiToken, launchBrowser, screenshot, signIn, startServer, type RunningServer } from './harness.js';
import { messages } from './chat-page.js';

let server: RunningServer;
let browser: Browser;
let priya: Page;
let admin: Page;
let phone: Page;
let adminToken: string;

const FAKE_MICROPHONE = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const openChat = (page: Page, name: string) => page.getByRole('list', { name: 'Chats' }).getByRole('button', { name, exact: true }).click();
const voiceBubbles = (page: Page) => messages(page).locator('[data-voice-message]');
/** The recording bar's timer in seconds (a loaded machine may pass a given second between two looks). */
async function recordedSeconds(bar: Locator): Promise<number> {
  const clock = /^(\d+):(\d\d)$/.exec((await bar.getByRole('timer').textContent()) ?? '');
  return clock ? Number(clock[1]) * 60 + Number(clock[2]) : -1;
}

/** The voice messages in the admin's chat with Priya, as the server has them. */
async function serverVoiceMessages(): Promise<Message[]> {
  const headers = { Authorization: `Bearer ${adminToken}` };
  const chats = ((await (await fetch(`${server.url}/api/chats`, { headers })).json()) as { data: { chats: Chat[] } }).data.chats;
  const chat = chats.find((c) => !c.isGroup && c.participants.some((p) => p.name === 'Priya Sharma'))!;
  const page = (await (await fetch(`${server.url}/api/chats/${chat.id}/messages?limit=100`, { headers })).json()) as {
    data: { messages: Message[] };
  };
  return page.data.messages.filter((m) => m.messageType === 'AUDIO' && !m.isDeleted);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser(FAKE_MICROPHONE);
  adminToken = await apiToken(server.url, 'admin@samvad.local');
  priya = await signIn(browser, server.url, 'priya@samvad.local', undefined, { permissions: ['microphone'] });
  admin = await signIn(browser, server.url, 'admin@samvad.local');
  await openChat(priya, 'Asha Admin');
  await openChat(admin, 'Priya Sharma');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('recording on a desktop', () => {
  it('records with a click, shows the timer and the level meter, and the other side plays what the server measured', async () => {
    await priya.getByRole('button', { name: 'Record voice message' }).click();
    const recording = priya.getByRole('group', { name: 'Recording a voice message' });
    await recording.waitFor();
    await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    // The fake microphone beeps: the meter has moved above its floor.
    await expect
      .poll(() =>
        recording
          .locator('[data-level-meter] span')
          .evaluateAll((bars) => bars.some((b) => parseFloat((b as HTMLElement).style.height) > 10)),
      )
      .toBe(true);
    await screenshot(priya, 'voice-recording');
    await priya.getByRole('button', { name: 'Send voice message' }).click();

    await voiceBubbles(admin).first().waitFor();
    const [sent] = await serverVoiceMessages();
    expect(sent!.durationMs).toBeGreaterThan(1500);
    expect(sent!.durationMs).toBeLessThan(6000);
    expect(sent!.waveform!.some((level) => level > 0)).toBe(true);
    expect(sent!.mimeType).toMatch(/^audio\//);
    const seconds = Math.max(1, Math.round(sent!.durationMs! / 1000));
    const length = `0:${String(seconds).padStart(2, '0')}`;
    const bubble = voiceBubbles(admin).first();
    await bubble.getByText(length).waitFor();
    // The chat list says what it is.
    await admin.getByRole('list', { name: 'Chats' }).getByText(`🎤 Voice message ${length}`).waitFor();

    await bubble.getByRole('button', { name: 'Play voice message' }).click();
    await bubble.getByRole('button', { name: 'Pause voice message' }).waitFor();
    const slider = bubble.getByRole('slider', { name: 'Voice message position' });
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const speed = bubble.getByRole('button', { name: /Playback speed/ });
    await speed.click();
    await expect.poll(() => speed.textContent()).toBe('1.5×');
    await screenshot(admin, 'voice-playing');
    // It plays to its end and stops there, back at its start.
    await bubble.getByRole('button', { name: 'Play voice message' }).waitFor({ timeout: 15_000 });
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
  });

  it('seeks with the keyboard on the waveform', async () => {
    const bubble = voiceBubbles(admin).first();
    const slider = bubble.getByRole('slider', { name: 'Voice message position' });
    await slider.focus();
    await slider.press('End');
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(2);
    await slider.press('Home');
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBe(0);
  });

  it('stops to listen first, and a discarded recording is never sent', async () => {
    const before = (await serverVoiceMessages()).length;
    await priya.getByRole('button', { name: 'Record voice message' }).click();
    const recording = priya.getByRole('group', { name: 'Recording a voice message' });
    await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await priya.getByRole('button', { name: 'Stop and listen' }).click();
    const preview = priya.getByRole('group', { name: 'Voice message to send' });
    await preview.getByRole('button', { name: 'Listen' }).click();
    await preview.getByRole('button', { name: 'Pause' }).waitFor();
    await screenshot(priya, 'voice-preview');
    await preview.getByRole('button', { name: 'Discard voice message' }).click();
    await priya.getByLabel('Type a message').waitFor();
    await priya.waitForTimeout(500);
    expect((await serverVoiceMessages()).length).toBe(before);
  });

  it('records while offline; the recording waits on the device and goes when the network is back', async () => {
    const before = (await serverVoiceMessages()).length;
    await priya.context().setOffline(true);
    try {
      await priya.getByRole('button', { name: 'Record voice message' }).click();
      const recording = priya.getByRole('group', { name: 'Recording a voice message' });
      await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      await priya.getByRole('button', { name: 'Send voice message' }).click();
      // Shown at once, waiting (the clock), playable from the device.
      const waiting = voiceBubbles(priya).last();
      await messages(priya).locator('[data-message-id^="local:"] [data-voice-message]').waitFor();
      await waiting.getByRole('button', { name: 'Play voice message' }).waitFor();
      await priya.waitForTimeout(1000);
      expect((await serverVoiceMessages()).length).toBe(before);
    } finally {
      await priya.context().setOffline(false);
    }
    await expect.poll(async () => (await serverVoiceMessages()).length, { timeout: 30_000 }).toBe(before + 1);
    await messages(priya).locator('[data-message-id^="local:"]').waitFor({ state: 'detached', timeout: 15_000 });
  });
});

describe('listening', () => {
  it('plays one at a time, and the next voice message of the chat after the one that ended', async () => {
    const bubbles = voiceBubbles(admin);
    await expect.poll(() => bubbles.count()).toBeGreaterThanOrEqual(2);
    const [first, second] = [bubbles.nth(0), bubbles.nth(1)];
    await second.getByRole('button', { name: 'Play voice message' }).click();
    await second.getByRole('button', { name: 'Pause voice message' }).waitFor();
    await first.getByRole('button', { name: 'Play voice message' }).click();
    await first.getByRole('button', { name: 'Pause voice message' }).waitFor();
    expect(await second.getByRole('button', { name: 'Play voice message' }).count()).toBe(1); // the other stopped
    await first.getByRole('button', { name: /Playback speed/ }).click(); // faster to its end
    await second.getByRole('button', { name: 'Pause voice message' }).waitFor({ timeout: 15_000 });
    expect(await first.getByRole('button', { name: 'Play voice message' }).count()).toBe(1);
    await second.getByRole('button', { name: 'Pause voice message' }).click();
  });
});

describe('recording on a phone', () => {
  let touch: CDPSession;
  /** Where the mic button's centre is, for touches. */
  const micCentre = async () => {
    const box = (await phone.getByRole('button', { name: 'Record voice message' }).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const touchAt = (type: 'touchStart' | 'touchMove' | 'touchEnd', point?: { x: number; y: number }) =>
    touch.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [{ x: point.x, y: point.y }] : [] });
  /**
   * Moves the finger through the points as a person does, then rests it: a finger lifted while still
   * moving fast makes Chromium start a fling, and the next tap only stops the fling (no click).
   */
  const slideFinger = async (from: { x: number; y: number }, points: { x: number; y: number }[]) => {
    for (const point of points) {
      await touchAt('touchMove', point);
      await phone.waitForTimeout(40);
    }
    await phone.waitForTimeout(300);
    await touchAt('touchMove', points.at(-1) ?? from);
  };

  beforeAll(async () => {
    phone = await signIn(
      browser,
      server.url,
      'priya@samvad.local',
      { width: 390, height: 844 },
      {
        permissions: ['microphone'],
        hasTouch: true,
        isMobile: true,
      },
    );
    await openChat(phone, 'Asha Admin');
    touch = await phone.context().newCDPSession(phone);
  }, 60_000);

  it('press and hold records, release sends', async () => {
    const before = (await serverVoiceMessages()).length;
    const mic = await micCentre();
    await touchAt('touchStart', mic);
    const recording = phone.getByRole('group', { name: 'Recording a voice message' });
    await recording.getByText('Slide to cancel').waitFor();
    await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await screenshot(phone, 'voice-holding-390');
    await touchAt('touchEnd');
    await expect.poll(async () => (await serverVoiceMessages()).length, { timeout: 20_000 }).toBe(before + 1);
  });

  it('sliding left cancels; nothing is sent', async () => {
    const before = (await serverVoiceMessages()).length;
    const mic = await micCentre();
    await touchAt('touchStart', mic);
    const recording = phone.getByRole('group', { name: 'Recording a voice message' });
    await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await slideFinger(
      mic,
      [30, 60, 100, 140].map((dx) => ({ x: mic.x - dx, y: mic.y })),
    );
    await recording.waitFor({ state: 'detached' });
    await touchAt('touchEnd');
    await phone.getByLabel('Type a message').waitFor();
    await phone.waitForTimeout(800);
    expect((await serverVoiceMessages()).length).toBe(before);
  });

  it('sliding up locks: the finger can let go, and Send sends', async () => {
    const before = (await serverVoiceMessages()).length;
    const mic = await micCentre();
    await touchAt('touchStart', mic);
    const recording = phone.getByRole('group', { name: 'Recording a voice message' });
    await phone.getByText('Slide up to lock').waitFor();
    await slideFinger(
      mic,
      [20, 50, 90].map((dy) => ({ x: mic.x, y: mic.y - dy })),
    );
    await touchAt('touchEnd');
    await recording.getByRole('button', { name: 'Cancel recording' }).waitFor();
    await expect.poll(() => recordedSeconds(recording), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await phone.getByRole('button', { name: 'Send voice message' }).tap();
    await expect.poll(async () => (await serverVoiceMessages()).length, { timeout: 20_000 }).toBe(before + 1);
  });
});
