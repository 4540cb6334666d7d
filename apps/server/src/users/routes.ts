/** The directory for the new-chat dialog, admin-only account creation, and user sync from the host system. */
import { Router } from 'express';
import { createUserSchema, hostUserSchema, syncUsersSchema, userIdSchema, userSearchSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { createUser, getDirectoryUser, listDirectory, requireAdminUser, upsertHostUsers } from './service.js';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { q, limit } = parse(userSearchSchema, req.query);
    ok<'GET /api/users'>(res, { users: await listDirectory(ctx, q, limit) });
  });
  router.get('/:id', async (req, res) => {
    ok<'GET /api/users/:id'>(res, { user: await getDirectoryUser(ctx, parse(userIdSchema, req.params.id)) });
  });
  router.post('/', async (req, res) => {
    requireAdminUser(currentUser(req), 'create users');
    ok<'POST /api/users'>(res, { user: await createUser(ctx, parse(createUserSchema, req.body)) }, 201);
  });
  // The host system keeps its users in step: one by its own id, or up to 1,000 at once.
  router.put('/:id', async (req, res) => {
    requireAdminUser(currentUser(req), 'sync users');
    const id = parse(userIdSchema, req.params.id);
    const results = await upsertHostUsers(ctx, [{ ...parse(hostUserSchema, req.body), id }]);
    ok<'PUT /api/users/:id'>(res, { user: await getDirectoryUser(ctx, id) }, results.get(id) === 'created' ? 201 : 200);
  });
  router.post('/sync', async (req, res) => {
    requireAdminUser(currentUser(req), 'sync users');
    const results = await upsertHostUsers(ctx, parse(syncUsersSchema, req.body).users);
    const count = (wanted: string) => [...results.values()].filter((result) => result === wanted).length;
    ok<'POST /api/users/sync'>(res, { created: count('created'), updated: count('updated'), unchanged: count('unchanged') });
  });
  return router;
}
