/** POST /api/auth/login, GET /api/auth/me. */
import { Router } from 'express';
import { loginSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { authenticate, currentUser, ok, parse } from '../http/middleware.js';
import { findUserByEmail, presentUser, updatePasswordHash } from '../users/service.js';
import { hashPassword, verifyPassword } from './passwords.js';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const { email, password } = parse(loginSchema, req.body);
    // Failed attempts are limited per account and per client address (CONTRACT §1). The limit is
    // checked before any hashing: a locked account refuses the right password too (the same 429
    // as a wrong one), so guessing cannot go on, and refused attempts cost no hash.
    const keys = [`account:${email}`, `ip:${req.ip}`];
    for (const key of keys) await ctx.rateLimits.requireNotExhausted('login', key);
    const user = await findUserByEmail(ctx.db, email);
    const check = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !check.valid || !user.is_active) {
      for (const key of keys) await ctx.rateLimits.consume('login', key).catch(() => {});
      throw new AppError('UNAUTHORIZED', 'Wrong email or password');
    }
    if (check.needsRehash) await updatePasswordHash(ctx, user.id, await hashPassword(password));
    const token = await ctx.tokens.sign({ userId: user.id, role: user.role });
    ok<'POST /api/auth/login'>(res, { token, user: presentUser(user) });
  });

  router.get('/me', authenticate(ctx), (req, res) => ok<'GET /api/auth/me'>(res, { user: currentUser(req) }));
  return router;
}
