/** /api/messages/:id/reactions — add, replace or toggle off (POST) and remove (DELETE) the caller's reaction. */
import { Router } from 'express';
import { z } from 'zod';
import { idSchema, reactionSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { setReaction } from './service.js';

const messageIdParam = z.object({ id: idSchema });

export function reactionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/:id/reactions', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const { emoji } = parse(reactionSchema, req.body);
    ok<'POST /api/messages/:id/reactions'>(res, { reactions: await setReaction(ctx, currentUser(req), id, emoji) });
  });

  router.delete('/:id/reactions', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    ok<'DELETE /api/messages/:id/reactions'>(res, { reactions: await setReaction(ctx, currentUser(req), id, null) });
  });

  return router;
}
