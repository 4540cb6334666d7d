/** /api/messages/:id — receipts and message info; recent messages for the dashboard widget. */
import { Router } from 'express';
import { z } from 'zod';
import { idSchema, recentQuerySchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { markUpTo, messageInfo } from '../receipts/service.js';
import { recentMessages } from './recent.js';

const messageIdParam = z.object({ id: idSchema });

export function messageRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/recent', async (req, res) => {
    const { limit } = parse(recentQuerySchema, req.query);
    ok(res, { messages: await recentMessages(ctx, currentUser(req).id, limit) });
  });

  router.put('/:id/read', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const result = await markUpTo(ctx, currentUser(req), { messageId: id }, 'READ');
    ok(res, result);
  });

  router.put('/:id/delivered', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    ok(res, await markUpTo(ctx, currentUser(req), { messageId: id }, 'DELIVERED'));
  });

  router.get('/:id/info', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    ok(res, { recipients: await messageInfo(ctx, currentUser(req), id) });
  });

  return router;
}
