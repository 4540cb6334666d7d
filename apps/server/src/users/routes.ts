/** The directory for the new-chat dialog, and admin-only account creation. */
import { Router } from 'express';
import { createUserSchema, idSchema, userSearchSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { createUser, getDirectoryUser, listDirectory, requireAdminUser } from './service.js';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { q, limit } = parse(userSearchSchema, req.query);
    ok(res, { users: await listDirectory(ctx, q, limit) });
  });
  router.get('/:id', async (req, res) => {
    ok(res, { user: await getDirectoryUser(ctx, parse(idSchema, req.params.id)) });
  });
  router.post('/', async (req, res) => {
    requireAdminUser(currentUser(req), 'create users');
    ok(res, { user: await createUser(ctx, parse(createUserSchema, req.body)) }, 201);
  });
  return router;
}
