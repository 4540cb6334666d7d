/**
 * Access for `<img src>` and download links, which cannot send an Authorization header: the
 * client trades its bearer token for a short-lived HttpOnly, SameSite=Strict cookie scoped to
 * Path=/api/files (POST /api/files/session). The cookie holds only `userId.expiry` signed with an
 * HMAC derived from JWT_SECRET for this purpose alone, so it is useless anywhere but the file routes.
 */
import crypto from 'node:crypto';
import type { Request } from 'express';

export const FILES_COOKIE = 'samvad_files';
export const FILES_COOKIE_PATH = '/api/files';
export const FILE_SESSION_TTL_MS = 60 * 60 * 1000;

export function createFileSessions(jwtSecret: string) {
  const key = crypto.createHmac('sha256', jwtSecret).update('samvad files cookie v1').digest();
  const mac = (payload: string) => crypto.createHmac('sha256', key).update(payload).digest('base64url');
  return {
    issue(userId: string, expiresAt: Date): string {
      const payload = `${userId}.${Math.floor(expiresAt.getTime() / 1000)}`;
      return `${payload}.${mac(payload)}`;
    },
    /** The user id the cookie vouches for, or undefined when it is forged, malformed or expired. */
    verify(value: string | undefined, now: Date): string | undefined {
      const match = value?.match(/^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/i);
      if (!match) return undefined;
      const [, userId, exp, signature] = match;
      const expected = Buffer.from(mac(`${userId}.${exp}`));
      if (!crypto.timingSafeEqual(expected, Buffer.from(signature!))) return undefined;
      if (Number(exp) * 1000 <= now.getTime()) return undefined;
      return userId;
    },
  };
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim(); // our values are base64url: nothing to decode
  }
  return undefined;
}
