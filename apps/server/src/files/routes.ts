/**
 * File transports: `POST /api/chats/:id/upload` (mounted behind the bearer check) and the
 * `/api/files` routes, which accept the bearer token or the files cookie (session.ts) so that
 * `<img>` tags work. Every download carries headers that keep a stored file from ever running as
 * a page: nosniff, a CSP that allows nothing, and attachment disposition for documents.
 */
import fsp from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireMember } from '../chats/access.js';
import { closeAfterAnswer } from '../http/early-answers.js';
import { AppError } from '../http/errors.js';
import { authenticate, currentUser, ok, parse } from '../http/middleware.js';
import { receiveUpload } from './receive-upload.js';
import { findDownloadable, storeAttachment } from './service.js';
import { createFileSessions, FILE_SESSION_TTL_MS, FILES_COOKIE, FILES_COOKIE_PATH, readCookie } from './session.js';

const chatIdParam = z.object({ id: z.uuid() });

/** Where uploads wait while they stream in; inside DATA_DIR so it shares the disk with local storage. */
export const uploadTempDir = (ctx: AppContext) => path.join(ctx.config.dataDir, 'tmp', 'uploads');

export function uploadRoutes(ctx: AppContext): Router {
  const router = Router();
  const tempDir = uploadTempDir(ctx);
  const ready = prepareTempDir(tempDir);
  ready.catch((err: unknown) => ctx.logger.error({ err, tempDir }, 'cannot prepare the upload folder')); // uploads then fail with 500

  router.post('/:id/upload', async (req, res) => {
    try {
      const user = currentUser(req);
      const { id: chatId } = parse(chatIdParam, req.params);
      await ctx.rateLimits.consume('upload', user.id);
      await requireMember(ctx.db, chatId, user.id);
      await ready;
      const upload = await receiveUpload(req, tempDir);
      const attachment = await storeAttachment(ctx, user.id, chatId, upload);
      ok<'POST /api/chats/:id/upload'>(res, { attachment }, 201);
    } catch (error) {
      // Answer now; the rest of a refused upload is only drained (bounded) so the answer can be read.
      closeAfterAnswer(req, res);
      throw error;
    }
  });
  return router;
}

/** `POST /api/chats/:id/upload`: the request whose `Expect: 100-continue` waits until the upload is authorized. */
export const isUploadRequest = (req: IncomingMessage): boolean =>
  req.method === 'POST' && /^\/api\/chats\/[^/?]+\/upload\/?(?:\?|$)/i.test(req.url ?? '');

/** Creates the folder and removes what a crashed process left there (uploads over an hour old). */
async function prepareTempDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of await fsp.readdir(dir)) {
    const file = path.join(dir, name);
    const stat = await fsp.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fsp.rm(file, { force: true });
  }
}

export function fileRoutes(ctx: AppContext): Router {
  const router = Router();
  const sessions = createFileSessions(ctx.config.jwtSecret);
  const bearer = authenticate(ctx);

  /** Bearer token when there is one; otherwise the files cookie. */
  const fileUser = (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization) return bearer(req, res, next);
    const userId = sessions.verify(readCookie(req, FILES_COOKIE), ctx.clock.now());
    if (!userId) return next(new AppError('UNAUTHORIZED', 'Sign in first (Authorization: Bearer <token>, or POST /api/files/session)'));
    res.locals.fileUserId = userId;
    next();
  };
  const fileUserId = (req: Request, res: Response): string => req.user?.id ?? (res.locals.fileUserId as string);

  router.post('/session', bearer, (req, res) => {
    const user = currentUser(req);
    const expiresAt = new Date(ctx.clock.now().getTime() + FILE_SESSION_TTL_MS);
    res.cookie(FILES_COOKIE, sessions.issue(user.id, expiresAt), {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: FILES_COOKIE_PATH,
      maxAge: FILE_SESSION_TTL_MS,
      encode: String,
    });
    ok<'POST /api/files/session'>(res, { expiresAt: expiresAt.toISOString() });
  });
  router.delete('/session', (_req, res) => {
    res.clearCookie(FILES_COOKIE, { path: FILES_COOKIE_PATH, httpOnly: true, sameSite: 'strict' });
    ok<'DELETE /api/files/session'>(res, {});
  });

  const download = (variant: 'file' | 'thumbnail') => async (req: Request, res: Response) => {
    const attachment = await findDownloadable(ctx, fileUserId(req, res), String(req.params.id));
    const isThumbnail = variant === 'thumbnail';
    const key = isThumbnail ? attachment.thumbnail_key : attachment.storage_key;
    if (!key) throw new AppError('NOT_FOUND', 'This file has no thumbnail');
    const etag = `"${attachment.id}${isThumbnail ? '-thumbnail' : ''}"`;
    const setCommonHeaders = () => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      res.setHeader('ETag', etag);
    };
    if (req.headers['if-none-match'] === etag) {
      setCommonHeaders();
      res.status(304).end();
      return;
    }
    // Open the bytes before any caching header: a missing file must not be cached as immutable.
    const stream = await ctx.storage.read(key).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new AppError('NOT_FOUND', 'File not found') : error;
    });
    setCommonHeaders();
    res.setHeader('Content-Type', isThumbnail ? 'image/webp' : attachment.mime_type);
    if (!isThumbnail) res.setHeader('Content-Length', String(attachment.file_size));
    const inline = attachment.kind === 'IMAGE';
    res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.file_name));
    try {
      await pipeline(stream, res);
    } catch (err) {
      // Headers are gone; the client sees a cut-off body. Client disconnects are not our errors.
      const clientLeft = (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (!clientLeft) ctx.logger.warn({ err, attachmentId: attachment.id }, 'file download failed');
      res.destroy();
    }
  };

  router.get('/:id', fileUser, download('file'));
  router.get('/:id/thumbnail', fileUser, download('thumbnail'));
  return router;
}

/** RFC 6266 with an ASCII fallback and the exact name in RFC 5987 `filename*`. */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
