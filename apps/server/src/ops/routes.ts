/**
 * `GET /api/admin/metrics` (ADMIN users only): this process's live figures, for operators and the
 * soak benchmark — connected sockets, Socket.IO rooms (one per socket, user and chat with someone
 * connected; a leak shows as rooms that outlive their sockets), memory, uptime, and the group
 * commit of sends and receipts (batches, mean size and duration, what is queued now).
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { currentUser, ok } from '../http/middleware.js';
import { requireAdminUser } from '../users/service.js';

export function opsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/metrics', (req, res) => {
    requireAdminUser(currentUser(req), 'read metrics');
    const namespace = ctx.io.of('/');
    const memory = process.memoryUsage();
    ok<'GET /api/admin/metrics'>(res, {
      metrics: {
        sockets: namespace.sockets.size,
        rooms: namespace.adapter.rooms.size,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        uptimeSeconds: Math.round(process.uptime()),
        sendBatches: ctx.sendBatcher.stats(),
        receiptBatches: ctx.receiptBatcher.stats(),
      },
    });
  });
  return router;
}
