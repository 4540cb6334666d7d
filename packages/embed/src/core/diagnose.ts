/**
 * Turns "fetch failed" into something a host developer can act on. A browser hides why a
 * cross-origin request failed, so two probes tell the cases apart:
 * - `/api/health` answers every origin (Access-Control-Allow-Origin: *): readable → the server is up;
 * - `/api/auth/me` without a token answers 401 with CORS headers only for allowed origins:
 *   readable → this origin is allowed, unreadable → it is not in CORS_ORIGINS.
 */
import type { SamvadProblem } from './types.js';

async function isReadable(url: string): Promise<boolean> {
  try {
    await fetch(url, { mode: 'cors', cache: 'no-store', credentials: 'omit' });
    return true;
  } catch {
    return false;
  }
}

export function pageOrigin(): string {
  return typeof location === 'undefined' ? 'this page' : location.origin;
}

export async function diagnoseConnection(baseUrl: string): Promise<SamvadProblem> {
  const origin = pageOrigin();
  const [isUp, isOriginAllowed] = await Promise.all([isReadable(`${baseUrl}/api/health`), isReadable(`${baseUrl}/api/auth/me`)]);
  if (isUp && !isOriginAllowed) {
    return {
      kind: 'origin-not-allowed',
      message: `Samvad at ${baseUrl} does not allow this page's origin — add ${origin} to CORS_ORIGINS on the Samvad server`,
    };
  }
  if (isUp) return { kind: 'unreachable', message: `Samvad at ${baseUrl} could not be reached just now — retrying` };
  // Nothing readable: the server is down, the URL is wrong, or (an older server) the origin is refused.
  return {
    kind: 'unreachable',
    message: `Samvad at ${baseUrl} is unreachable or does not allow this page's origin — add ${origin} to CORS_ORIGINS`,
  };
}
