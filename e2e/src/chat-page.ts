/** Locators and steps on the chat page that several browser tests share. */
import type { Page } from 'playwright-core';

export const messages = (page: Page) => page.getByRole('list', { name: 'Messages' });
export const bubble = (page: Page, text: string) => messages(page).locator('[data-message-id]', { hasText: text });

/** Sends `text` from the composer and waits until the server has taken it (its tick shows). */
export async function send(page: Page, text: string) {
  await page.getByLabel('Type a message').fill(text);
  await page.getByLabel('Type a message').press('Enter');
  await bubble(page, text)
    .getByRole('img', { name: /Sent|Delivered|Read/ })
    .waitFor();
}

export async function openMessageMenu(page: Page, text: string) {
  await bubble(page, text).hover();
  await bubble(page, text).getByRole('button', { name: 'Message actions' }).click();
}

/** What has the focus: its aria-label, or 'hit' for a search result. */
export const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? (el instanceof HTMLElement && el.dataset.searchHit !== undefined ? 'hit' : null);
  });

/** Nothing makes the page scroll: not sideways, not down (the navbar stays where it is). */
export const pageOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    return { x: root.scrollWidth - window.innerWidth, y: root.scrollHeight - window.innerHeight, scrollY: window.scrollY };
  });
