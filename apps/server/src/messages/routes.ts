/** /api/messages/:id — edit, delete, forward, receipts and message info; recent messages for the dashboard widget. */
import { Router } from 'express';
import { z } from 'zod';
import { deleteMessageQuerySchema, editMessageSchema, forwardSchema, idSchema, recentQuerySchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { markUpTo, messageInfo } from '../receipts/service.js';
import { recentMessages } from './recent.js';
import { deleteMessage, editMessage } from './edit-delete.js';
import { forwardMessage } from './forward.js';

const messageIdParam = z.object({ id: idSchema });

export function messageRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/recent', async (req, res) => {
    const { limit } = parse(recentQuerySchema, req.query);
    ok<'GET /api/messages/recent'>(res, { messages: await recentMessages(ctx, currentUser(req).id, limit) });
  });

  router.put('/:id', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const { content } = parse(editMessageSchema, req.body);
    ok<'PUT /api/messages/:id'>(res, { message: await editMessage(ctx, currentUser(req), id, content) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const { for: scope } = parse(deleteMessageQuerySchema, req.query);
    ok<'DELETE /api/messages/:id'>(res, await deleteMessage(ctx, currentUser(req), id, scope));
  });

  router.post('/:id/forward', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const { chatIds } = parse(forwardSchema, req.body);
    ok<'POST /api/messages/:id/forward'>(res, { messages: await forwardMessage(ctx, currentUser(req), id, chatIds) }, 201);
  });

  router.put('/:id/read', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    const result = await markUpTo(ctx, currentUser(req), { messageId: id }, 'READ');
    ok<'PUT /api/messages/:id/read'>(res, result);
  });

  router.put('/:id/delivered', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    ok<'PUT /api/messages/:id/delivered'>(res, await markUpTo(ctx, currentUser(req), { messageId: id }, 'DELIVERED'));
  });

  router.get('/:id/info', async (req, res) => {
    const { id } = parse(messageIdParam, req.params);
    ok<'GET /api/messages/:id/info'>(res, { recipients: await messageInfo(ctx, currentUser(req), id) });
  });

  return router;
}
