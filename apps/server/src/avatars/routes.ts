/**
 * Pictures over REST: `PUT|DELETE /api/users/me/avatar`, `PUT|DELETE /api/chats/:id/avatar`
 * (multipart field `file`, as uploads), and the bytes at `GET /api/users/:id/avatar` and
 * `GET /api/chats/:id/avatar` (`?size=64` for the small variant). Mounted behind the bearer check.
 */
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { avatarQuerySchema, idSchema, userIdSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { closeAfterAnswer } from '../http/early-answers.js';
import { AppError } from '../http/errors.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { receiveUpload } from '../files/receive-upload.js';
import { uploadTempDir } from '../files/routes.js';
import { getChat } from '../chats/read-model.js';
import { findGroupPicture, findUserPicture, requirePictureEditor, setGroupPicture, setUserPicture } from './service.js';
import { pictureKeys } from './urls.js';

const chatIdParam = z.object({ id: idSchema });
const userIdParam = z.object({ id: userIdSchema });

export function avatarRoutes(ctx: AppContext): Router {
  const router = Router();
  const tempDir = uploadTempDir(ctx);

  /** Receives the picture once the caller may set it; a refused upload is answered at once and only drained. */
  const receivePicture = async (req: Request, res: Response, authorize: () => Promise<void>) => {
    try {
      await ctx.rateLimits.consume('upload', currentUser(req).id);
      await authorize();
      return await receiveUpload(req, tempDir, { imagesOnly: true });
    } catch (error) {
      closeAfterAnswer(req, res);
      throw error;
    }
  };

  router.put('/users/me/avatar', async (req, res) => {
    const upload = await receivePicture(req, res, async () => {});
    ok<'PUT /api/users/me/avatar'>(res, { user: await setUserPicture(ctx, currentUser(req), upload) });
  });
  router.delete('/users/me/avatar', async (req, res) => {
    ok<'DELETE /api/users/me/avatar'>(res, { user: await setUserPicture(ctx, currentUser(req), null) });
  });
  router.get('/users/:id/avatar', async (req, res) => {
    const { id } = parse(userIdParam, req.params);
    await sendPicture(ctx, req, res, await findUserPicture(ctx, id));
  });

  router.put('/chats/:id/avatar', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const user = currentUser(req);
    const upload = await receivePicture(req, res, () => requirePictureEditor(ctx, user, id));
    await setGroupPicture(ctx, user, id, upload);
    ok<'PUT /api/chats/:id/avatar'>(res, { chat: await getChat(ctx, user.id, id) });
  });
  router.delete('/chats/:id/avatar', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const user = currentUser(req);
    await setGroupPicture(ctx, user, id, null);
    ok<'DELETE /api/chats/:id/avatar'>(res, { chat: await getChat(ctx, user.id, id) });
  });
  router.get('/chats/:id/avatar', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    await sendPicture(ctx, req, res, await findGroupPicture(ctx, currentUser(req), id));
  });
  return router;
}

/**
 * The bytes, with the download headers that keep them from running as a page. Cached for good
 * only under the current version (`?v=` is the key): an old address must not keep a new picture.
 */
async function sendPicture(ctx: AppContext, req: Request, res: Response, key: string): Promise<void> {
  const { size, v } = parse(avatarQuerySchema, req.query);
  const storageKey = size === '64' ? pictureKeys(key).small : pictureKeys(key).large;
  const etag = `"${key}-${size}"`;
  const setHeaders = () => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', v === key ? 'private, max-age=31536000, immutable' : 'private, no-cache');
    res.setHeader('ETag', etag);
  };
  if (req.headers['if-none-match'] === etag) {
    setHeaders();
    res.status(304).end();
    return;
  }
  const stream = await ctx.storage.read(storageKey).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AppError('NOT_FOUND', 'Picture not found') : error;
  });
  setHeaders();
  res.setHeader('Content-Type', 'image/webp');
  try {
    await pipeline(stream, res);
  } catch {
    res.destroy(); // the client left, or storage failed mid-way: the body is cut off either way
  }
}
