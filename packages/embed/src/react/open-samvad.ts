/**
 * Opens a Samvad page signed in as the host's user: the token goes in the URL fragment, which the
 * web app turns into its session. The new tab is opened synchronously inside the click (so no popup
 * blocker stops it) and pointed at Samvad once the token is there.
 */
import { withTokenFragment } from '../core/links.js';

export type LinkTarget = '_blank' | '_self';

export async function openSamvad(link: string, getToken: () => Promise<string>, target: LinkTarget): Promise<void> {
  const tab = target === '_blank' ? window.open('', '_blank') : null;
  // The Samvad tab needs no handle on the host page.
  if (tab) tab.opener = null;
  let href = link;
  try {
    href = withTokenFragment(link, await getToken());
  } catch {
    // Without a token Samvad still opens, at its own sign-in screen.
  }
  if (tab) tab.location.href = href;
  else window.location.assign(href);
}

/** Plain clicks open Samvad with the token; modified clicks (new tab/window) keep the browser's own behaviour. */
export function isPlainClick(event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
