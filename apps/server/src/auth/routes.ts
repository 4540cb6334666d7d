/** POST /api/auth/login, GET /api/auth/me. */
import { Router } from 'express';
import { loginSchema } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { authenticate, currentUser, ok, parse } from '../http/middleware.js';
import { findUserByEmail, presentUser } from '../users/service.js';
import { verifyPassword } from './passwords.js';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const { email, password } = parse(loginSchema, req.body);
    // Failed attempts are limited per account and per client address (CONTRACT §1).
    const keys = [`account:${email}`, `ip:${req.ip}`];
    const user = await findUserByEmail(ctx.db, email);
    const valid = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !valid) {
      for (const key of keys) await ctx.rateLimits.consume('login', key);
      throw new AppError('UNAUTHORIZED', 'Wrong email or password');
    }
    const token = await ctx.tokens.sign({ userId: user.id, role: user.role });
    ok(res, { token, user: presentUser(user) });
  });

  router.get('/me', authenticate(ctx), (req, res) => ok(res, { user: currentUser(req) }));
  return router;
}
