/** HS256 JWTs with `userId` and `role` claims, compatible with the School Assessment system (spec §9.1). */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { UserRole } from '@samvad/protocol';
import { AppError } from '../http/errors.js';

export interface TokenClaims {
  userId: string;
  role: UserRole;
  name?: string;
  email?: string;
  exp?: number;
}

const TOKEN_LIFETIME = '7d';

export function createTokenService(secret: string) {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims: { userId: string; role: UserRole }): Promise<string> {
      return new SignJWT({ userId: claims.userId, role: claims.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME)
        .sign(key);
    },
    /** Throws UNAUTHORIZED for anything but a valid, unexpired HS256 token with the claims we need. */
    async verify(token: string): Promise<TokenClaims> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        const userId = typeof payload.userId === 'string' ? payload.userId : typeof payload.sub === 'string' ? payload.sub : undefined;
        const role = payload.role === 'ADMIN' || payload.role === 'EMPLOYEE' ? payload.role : undefined;
        if (!userId || !role) throw new AppError('UNAUTHORIZED', 'Token lacks userId or role');
        return {
          userId,
          role,
          name: typeof payload.name === 'string' ? payload.name : undefined,
          email: typeof payload.email === 'string' ? payload.email : undefined,
          exp: payload.exp,
        };
      } catch (error) {
        if (error instanceof AppError) throw error;
        const expired = error instanceof joseErrors.JWTExpired;
        throw new AppError('UNAUTHORIZED', expired ? 'Token expired' : 'Invalid token');
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
