/**
 * HS256 JWTs with `userId` and `role` claims, as the School Assessment system issues them (spec
 * §9.1), optionally with the user's `name`, `email` and `avatarUrl` (CONTRACT §2).
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { hostUserSchema, userIdSchema, type UserRole } from '@samvad/protocol';
import { AppError } from '../http/errors.js';

export interface TokenClaims {
  userId: string;
  role: UserRole;
  name?: string;
  email?: string | null;
  avatarUrl?: string | null;
  /** Issued at, in ms: a token's claims never undo a change made after it was issued. */
  issuedAt?: number;
  /** When the token stops being valid, in seconds (its `exp`, or `iat` + JWT_MAX_AGE). */
  exp: number;
}

const TOKEN_LIFETIME = '7d';

/**
 * The claims we read, validated like any other input. A numeric `userId` (hosts with integer ids)
 * is read as its decimal string; `sub` stands in for a missing `userId`.
 */
const claimsSchema = z.object({
  userId: z.union([userIdSchema, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String)]),
  role: hostUserSchema.shape.role,
  name: hostUserSchema.shape.name.optional(),
  email: hostUserSchema.shape.email,
  avatarUrl: hostUserSchema.shape.avatarUrl,
  iat: z.number().finite().optional(),
  exp: z.number().finite().optional(),
});

export interface TokenOptions {
  /** A token without `exp` is valid this long after its `iat` (one with neither is refused). */
  maxAgeSeconds: number;
  issuer?: string;
  audience?: string;
}

export function createTokenService(secret: string, options: TokenOptions) {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims: { userId: string; role: UserRole }): Promise<string> {
      const token = new SignJWT({ userId: claims.userId, role: claims.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME);
      if (options.issuer) token.setIssuer(options.issuer);
      if (options.audience) token.setAudience(options.audience);
      return token.sign(key);
    },
    /** Throws UNAUTHORIZED for anything but a valid, unexpired HS256 token with well-formed claims. */
    async verify(token: string): Promise<TokenClaims> {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: options.issuer, audience: options.audience }));
      } catch (error) {
        const expired = error instanceof joseErrors.JWTExpired;
        throw new AppError('UNAUTHORIZED', expired ? 'Token expired' : 'Invalid token');
      }
      const parsed = claimsSchema.safeParse({ ...payload, userId: payload.userId ?? payload.sub });
      if (!parsed.success) {
        const problem = parsed.error.issues[0]!;
        throw new AppError('UNAUTHORIZED', `Token claim ${problem.path.join('.') || ''} is not valid: ${problem.message}`);
      }
      const claims = parsed.data;
      // Every token expires: one without `exp` lives JWT_MAX_AGE from its `iat`.
      const exp = claims.exp ?? (claims.iat === undefined ? undefined : claims.iat + options.maxAgeSeconds);
      if (exp === undefined) throw new AppError('UNAUTHORIZED', 'Token has neither exp nor iat');
      if (exp * 1000 <= Date.now()) throw new AppError('UNAUTHORIZED', 'Token expired');
      return {
        userId: claims.userId,
        role: claims.role,
        name: claims.name,
        email: claims.email,
        avatarUrl: claims.avatarUrl,
        issuedAt: claims.iat === undefined ? undefined : claims.iat * 1000,
        exp,
      };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
