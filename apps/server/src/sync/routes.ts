/** GET /api/sync, GET /api/unread, /api/me/settings. */
import { Router } from 'express';
import { sql } from 'drizzle-orm';
import { settingsSchema, syncQuerySchema, type Settings } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { queryOne } from '../db/client.js';
import { currentUser, ok, parse } from '../http/middleware.js';
import { unreadByChat } from '../chats/read-model.js';
import { sync } from './service.js';

export function syncRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/sync', async (req, res) => {
    const { since } = parse(syncQuerySchema, req.query);
    ok<'GET /api/sync'>(res, await sync(ctx, currentUser(req), since));
  });

  router.get('/unread', async (req, res) => {
    const chats = await unreadByChat(ctx.db, currentUser(req).id);
    ok<'GET /api/unread'>(res, { unreadCount: chats.reduce((sum, c) => sum + c.unreadCount, 0), chats });
  });

  router.get('/me/settings', async (req, res) => {
    ok<'GET /api/me/settings'>(res, { settings: await readSettings(ctx, currentUser(req).id) });
  });

  router.put('/me/settings', async (req, res) => {
    const input = parse(settingsSchema, req.body);
    const userId = currentUser(req).id;
    await ctx.db.execute(sql`update users set
      sound_enabled = coalesce(${input.soundEnabled ?? null}::boolean, sound_enabled),
      desktop_notifications = coalesce(${input.desktopNotifications ?? null}::boolean, desktop_notifications),
      notification_preview = coalesce(${input.notificationPreview ?? null}::boolean, notification_preview)
      where id = ${userId}`);
    ok<'PUT /api/me/settings'>(res, { settings: await readSettings(ctx, userId) });
  });

  return router;
}

async function readSettings(ctx: AppContext, userId: string): Promise<Settings> {
  const row = await queryOne<Settings>(
    ctx.db,
    sql`select sound_enabled as "soundEnabled", desktop_notifications as "desktopNotifications",
               notification_preview as "notificationPreview" from users where id = ${userId}`,
  );
  return row ?? { soundEnabled: true, desktopNotifications: true, notificationPreview: true };
}
