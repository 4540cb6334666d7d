/** The request pipeline pieces: authenticate, validate, answer with the CONTRACT §3 envelope. */
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import type { RestRoute, RouteData } from '@samvad/protocol';
import type { AppContext, AuthUser } from '../context.js';
import { resolveTokenUser } from '../users/service.js';
import { AppError, fromZodError, toAppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

export function authenticate(ctx: AppContext) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer\s+(.+)$/i);
    if (!match) return next(new AppError('UNAUTHORIZED', 'Sign in first (Authorization: Bearer <token>)'));
    try {
      const claims = await ctx.tokens.verify(match[1]!.trim());
      req.user = await resolveTokenUser(ctx, claims);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The authenticated user (authenticate() ran before every route that calls this). */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw new AppError('UNAUTHORIZED', 'Sign in first');
  return req.user;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw fromZodError(result.error);
  refuseNul(result.data);
  return result.data;
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL in any validated string would fail in the database
 * (a 500); it is refused here as a validation error instead. REST and socket input both pass here.
 */
function refuseNul(value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new AppError('VALIDATION', 'Text may not contain NUL characters');
    return;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return;
  for (const item of Object.values(value)) refuseNul(item, depth + 1);
}

/**
 * The success envelope. The route key names the answer's type in @samvad/protocol's RestRoutes,
 * `ok<'PUT /api/chats/:id'>(res, { chat })`; without one, no data type-checks.
 */
export function ok<R extends RestRoute = never>(res: Response, data: NoInfer<RouteData<R>>, status = 200): void {
  res.status(status).json({ success: true, data });
}

export function errorHandler(ctx: AppContext) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    let appError: AppError;
    const e = error as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed') appError = new AppError('VALIDATION', 'The request body is not valid JSON');
    else if (e?.type === 'entity.too.large') appError = new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    // body-parser's other refusals, and the router's "Failed to decode param" (bad %-encoding in a path).
    else if (e?.status === 400 && !(error instanceof AppError)) appError = new AppError('VALIDATION', 'Malformed request');
    else appError = toAppError(error);
    if (appError.status >= 500) ctx.logger.error({ err: error, reqId: req.id, method: req.method, path: req.path }, 'request failed');
    if (appError.extra.retryAfterMs) {
      res.setHeader('Retry-After', String(Math.ceil(appError.extra.retryAfterMs / 1000)));
    }
    res.status(appError.status).json({ success: false, error: appError.toJSON() });
  };
}
