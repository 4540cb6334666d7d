/**
 * The host app (School Assessment system) opens Samvad with its own JWT in the URL fragment,
 * `/chat?…#token=<jwt>`, so its users need no second login. The fragment never reaches a server;
 * it is taken out of the address bar (and so out of history and bookmarks) as soon as it is read.
 */

let taken: string | null | undefined;

/** The handed-over token, read once per page load (React may run effects twice in development). */
export function takeHandoffToken(): string | null {
  if (taken !== undefined) return taken;
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  taken = fragment.get('token');
  if (taken) {
    fragment.delete('token');
    const rest = fragment.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
  }
  return taken;
}
