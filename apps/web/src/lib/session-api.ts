/** The sign-in requests, made before there is a chat client (CONTRACT §2). */
import type { RouteData, User } from '@samvad/protocol';
import { api } from './api';

export function signInWithPassword(email: string, password: string): Promise<RouteData<'POST /api/auth/login'>> {
  return api('POST /api/auth/login', { body: { email, password } });
}

/** The user a token belongs to: checks a token the host app handed over before it is stored. */
export async function fetchTokenUser(token: string): Promise<User> {
  return (await api('GET /api/auth/me', { token })).user;
}
