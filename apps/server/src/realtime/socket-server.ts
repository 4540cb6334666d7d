/**
 * The Socket.IO server: handshake auth (`auth.token`, never the query string), rooms, presence,
 * and the client events of CONTRACT §6. Handlers are thin: validate, then call the same services
 * as the REST routes.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { messageRefSchema, sendMessageSchema, typingSchema, type AckCallback, type ClientToServerEvents } from '@samvad/protocol';
import type { AppContext, IoServer } from '../context.js';
import { query } from '../db/client.js';
import { forbidden, toSocketError } from '../http/errors.js';
import { parse } from '../http/middleware.js';
import { resolveTokenUser } from '../users/service.js';
import { sendMessage } from '../messages/service.js';
import { markUpTo } from '../receipts/service.js';
import { createTypingTracker, type TypingTracker } from '../presence/typing.js';
import { chatRoom, userRoom } from './rooms.js';
import { coalesceWrites, type EngineConnection } from './coalesce.js';
import { emitPresence } from './emit.js';
import { CONNECT_TIMEOUT_MS, TOO_MANY_CONNECTIONS, type ConnectionCaps } from './connection-caps.js';

/**
 * `isAllowedOrigin(origin, host)` guards both transports against cross-site WebSocket hijacking:
 * only the app's own origin and CORS_ORIGINS may open a socket.
 */
export function createSocketServer(
  httpServer: HttpServer,
  isAllowedOrigin: (origin: string | undefined, host: string | undefined) => boolean,
  caps: ConnectionCaps,
): IoServer {
  const io = new Server(httpServer, {
    // Messages are text; files go over HTTP. Keep frames small.
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: (origin, cb) => cb(null, isAllowedOrigin(origin, undefined)), credentials: true },
    allowRequest: (req, cb) => {
      if (!isAllowedOrigin(req.headers.origin, req.headers.host)) return cb('origin not allowed', false);
      if (!caps.mayHandshake(req)) return cb(TOO_MANY_CONNECTIONS, false);
      cb(null, true);
    },
    connectTimeout: CONNECT_TIMEOUT_MS,
    pingInterval: 20000,
    pingTimeout: 20000,
  }) as IoServer;
  // A connection waits (counted against its address) until its socket signs in or it closes.
  io.engine.on('connection', (raw: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
    signInTrackers.set(
      raw,
      caps.opened(raw.request, (listener) => raw.once('close', listener)),
    );
  });
  return io;
}

/** How soon a presence change held back by its limit is tried again. */
const PRESENCE_RETRY_MS = 2000;

const signInTrackers = new WeakMap<object, { signedIn(): void }>();

/**
 * Graceful shutdown: once draining, new events are refused (clients retry elsewhere or later) and
 * the events already being handled finish and are acknowledged before sockets are closed.
 */
export class EventDrain {
  isDraining = false;
  private inFlight = 0;
  private onIdle: (() => void) | undefined;

  begin(): void {
    this.inFlight += 1;
  }
  end(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.onIdle?.();
  }
  /** Stops taking events; resolves when the ones in flight are done (or after `timeoutMs`). */
  drain(timeoutMs: number): Promise<void> {
    this.isDraining = true;
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onIdle = resolve;
      setTimeout(resolve, timeoutMs).unref();
    });
  }
}

type ClientEvent = keyof ClientToServerEvents;
/** What an event's acknowledgement carries on success, read off the event map. */
type AckData<E extends ClientEvent> =
  Extract<Parameters<ClientToServerEvents[E]>[number], (...args: never[]) => void> extends AckCallback<infer R> ? R : never;
type ServerSocket = Parameters<Parameters<IoServer['on']>[1]>[0];

/**
 * authenticate → validate → act → acknowledge with the CONTRACT §3 envelope, typed by the event
 * map. An outsider is answered FORBIDDEN (toSocketError).
 */
function on<E extends ClientEvent, S extends z.ZodType>(
  ctx: AppContext,
  drain: EventDrain,
  socket: ServerSocket,
  event: E,
  schema: S,
  handler: (input: z.infer<S>) => Promise<AckData<E>>,
) {
  const listener = async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckCallback<AckData<E>>) : undefined;
    if (drain.isDraining) {
      ack?.({ success: false, error: { code: 'UNAVAILABLE', message: 'The server is restarting; try again' } });
      return;
    }
    drain.begin();
    try {
      const result = await handler(parse(schema, args[0]));
      ack?.({ success: true, ...result });
    } catch (error) {
      const appError = toSocketError(error);
      if (appError.code === 'INTERNAL' || appError.code === 'UNAVAILABLE')
        ctx.logger.error({ err: error, event, userId: socket.data.user?.id }, 'socket event failed');
      ack?.({ success: false, error: appError.toJSON() });
    } finally {
      drain.end();
    }
  };
  socket.on(event, listener);
}

export function attachSocketHandlers(
  ctx: AppContext,
  caps: ConnectionCaps,
  typing: TypingTracker = createTypingTracker(ctx.io),
): { typing: TypingTracker; drain: EventDrain } {
  const io = ctx.io;
  const drain = new EventDrain();
  /** Sockets of this user on this process (its room holds exactly those). */
  const socketsOfUser = (userId: string) => io.of('/').adapter.rooms.get(userRoom(userId))?.size ?? 0;

  io.use(async (socket, next) => {
    try {
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string' || !token) throw new Error('missing token');
      const claims = await ctx.tokens.verify(token);
      socket.data.user = await resolveTokenUser(ctx, claims);
      socket.data.tokenExpiresAt = claims.exp * 1000;
    } catch {
      return next(new Error('UNAUTHORIZED'));
    }
    if (!caps.mayConnectUser(socketsOfUser(socket.data.user.id))) return next(new Error(TOO_MANY_CONNECTIONS));
    next();
  });

  io.on('connection', async (socket) => {
    signInTrackers.get(socket.conn)?.signedIn();
    const user = socket.data.user;
    // The cap again, now that the count cannot move under us (handshakes of one user may overlap
    // while their tokens are checked): joining the user's room here is synchronous.
    if (!caps.mayConnectUser(socketsOfUser(user.id))) {
      socket.disconnect(true);
      return;
    }
    void socket.join(userRoom(user.id));
    coalesceWrites(socket.conn as unknown as EngineConnection);
    // An expired token ends the session: the client must sign in (or refresh) and reconnect.
    const expiry = socket.data.tokenExpiresAt;
    const expiryTimer = expiry
      ? setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(expiry - Date.now(), 2 ** 31 - 1)))
      : undefined;
    expiryTimer?.unref();

    on(ctx, drain, socket, 'sendMessage', sendMessageSchema, async (input) => {
      const { message } = await sendMessage(ctx, user, input);
      typing.stop(input.chatId, user.id);
      return { messageId: message.id, message };
    });
    on(ctx, drain, socket, 'messageDelivered', messageRefSchema, async ({ messageId }) => {
      const { upToSeq } = await markUpTo(ctx, user, { messageId }, 'DELIVERED');
      return { upToSeq };
    });
    on(ctx, drain, socket, 'messageRead', messageRefSchema, async ({ messageId }) => {
      const { upToSeq } = await markUpTo(ctx, user, { messageId }, 'READ');
      return { upToSeq };
    });
    on(ctx, drain, socket, 'typing', typingSchema, async ({ chatId, isTyping }) => {
      // The socket is in a chat's room exactly while its user is a member (rooms follow membership).
      if (!socket.rooms.has(chatRoom(chatId))) throw forbidden('You are not a participant in this chat');
      if (!isTyping) typing.stop(chatId, user.id);
      else if (await ctx.rateLimits.tryConsume('typing', user.id)) typing.start(chatId, user);
      return {};
    });

    // goOnline/goOffline are limited per user (each is a broadcast to every contact, each offline a
    // write). Over the limit the socket's latest wish is kept and applied once the limit allows: a
    // toggle storm collapses into its last state, which is never lost.
    let wantedActive: boolean | undefined;
    let presenceRetry: NodeJS.Timeout | undefined;
    const applyPresence = async () => {
      if (wantedActive === undefined || socket.disconnected) return;
      if (!(await ctx.rateLimits.tryConsume('presence', user.id))) {
        presenceRetry ??= setTimeout(() => {
          presenceRetry = undefined;
          void applyPresence().catch(() => {});
        }, PRESENCE_RETRY_MS);
        return;
      }
      const active = wantedActive;
      wantedActive = undefined;
      const change = await ctx.presence.setActive(user.id, socket.id, active);
      if (change === 'online') emitPresence(io, contactRooms(), user, { state: 'online' });
      if (change === 'offline') await wentOffline();
    };
    // A failure to apply is logged, not the client's error: the wish is kept and retried.
    const onPresence = (active: boolean) => async () => {
      wantedActive = active;
      await applyPresence().catch((error: unknown) => ctx.logger.error({ err: error, userId: user.id }, 'presence change failed'));
      return {};
    };
    // These events carry no payload (only an acknowledgement): whatever comes first is ignored.
    on(ctx, drain, socket, 'goOnline', z.unknown(), onPresence(true));
    on(ctx, drain, socket, 'goOffline', z.unknown(), onPresence(false));

    const contactRooms = () => [...socket.rooms].filter((r) => r.startsWith('chat:'));
    const wentOffline = async () => {
      const lastSeen = ctx.clock.now();
      await ctx.db.execute(sql`update users set last_seen = ${lastSeen} where id = ${user.id}`).catch(() => {});
      emitPresence(io, contactRooms(), user, { state: 'offline', lastSeen });
    };

    socket.on('disconnecting', async () => {
      if (expiryTimer) clearTimeout(expiryTimer);
      if (presenceRetry) clearTimeout(presenceRetry);
      const rooms = contactRooms();
      if (await ctx.presence.disconnect(user.id, socket.id)) {
        typing.stopAll(user.id);
        const lastSeen = ctx.clock.now();
        await ctx.db.execute(sql`update users set last_seen = ${lastSeen} where id = ${user.id}`).catch(() => {});
        emitPresence(io, rooms, user, { state: 'offline', lastSeen });
      }
    });

    try {
      const chats = await query<{ chat_id: string }>(
        ctx.db,
        sql`select chat_id from chat_participants where user_id = ${user.id} and left_at is null`,
      );
      await socket.join(chats.map((c) => chatRoom(c.chat_id)));
      if (socket.disconnected) return;
      if (await ctx.presence.connect(user.id, socket.id)) emitPresence(io, contactRooms(), user, { state: 'online' });
      socket.emit('authenticated', { user });
    } catch (error) {
      ctx.logger.error({ err: error, userId: user.id }, 'socket set-up failed');
      socket.disconnect(true);
    }
  });

  return { typing, drain };
}
