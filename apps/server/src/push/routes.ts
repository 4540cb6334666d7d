/** /api/push: the VAPID public key, and this device's subscription (opt in from Settings, out on sign-out). */
import { Router } from 'express';
import { pushEndpointSchema, pushSubscriptionSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { isAllowedPushEndpoint } from './endpoints.js';
import { removeSubscription, saveSubscription } from './subscriptions.js';

export function pushRoutes(ctx: AppContext): Router {
  const router = Router();
  const { vapid, allowLoopbackEndpoints } = ctx.config.push;

  router.get('/key', (_req, res) => {
    ok<'GET /api/push/key'>(res, { publicKey: vapid?.publicKey ?? null });
  });

  router.post('/subscriptions', async (req, res) => {
    const subscription = parse(pushSubscriptionSchema, req.body);
    if (!vapid) throw new AppError('UNAVAILABLE', 'Push notifications are not set up on this server (no VAPID keys)');
    if (!isAllowedPushEndpoint(subscription.endpoint, { allowLoopback: allowLoopbackEndpoints })) {
      throw new AppError('VALIDATION', 'endpoint: not a known push service');
    }
    await saveSubscription(ctx.db, currentUser(req).id, subscription);
    ok<'POST /api/push/subscriptions'>(res, {}, 201);
  });

  router.delete('/subscriptions', async (req, res) => {
    const { endpoint } = parse(pushEndpointSchema, req.body);
    await removeSubscription(ctx.db, currentUser(req).id, endpoint);
    ok<'DELETE /api/push/subscriptions'>(res, {});
  });

  return router;
}
