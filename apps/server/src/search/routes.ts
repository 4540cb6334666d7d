/**
 * GET /api/chats/search (all the caller's chats) and GET /api/chats/:id/search (one chat).
 * Registered before the chat routes so that "search" is never read as a chat id.
 */
import { Router } from 'express';
import { z } from 'zod';
import { idSchema, searchQuerySchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { searchMessages } from './service.js';

const chatIdParam = z.object({ id: idSchema });

export function searchRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    ok<'GET /api/chats/search'>(res, { results: await searchMessages(ctx, currentUser(req), parse(searchQuerySchema, req.query)) });
  });

  router.get('/:id/search', async (req, res) => {
    const { id } = parse(chatIdParam, req.params);
    const q = parse(searchQuerySchema, req.query);
    ok<'GET /api/chats/:id/search'>(res, { results: await searchMessages(ctx, currentUser(req), { ...q, chatId: id }) });
  });

  return router;
}
