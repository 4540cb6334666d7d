import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiRequestError, routeUrl, setUnauthorizedHandler } from './api';

const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

describe('typed REST client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthorizedHandler(() => {});
  });

  it('fills path parameters (encoded) and the query, leaving out what is undefined', () => {
    expect(routeUrl('DELETE /api/chats/:id/participants/:userId', { id: 'c1', userId: 'host:7/a' })).toEqual({
      method: 'DELETE',
      url: '/api/chats/c1/participants/host%3A7%2Fa',
    });
    expect(routeUrl('GET /api/chats/:id/messages', { id: 'c1' }, { limit: 50, before: 'm1', after: undefined })).toEqual({
      method: 'GET',
      url: '/api/chats/c1/messages?limit=50&before=m1',
    });
    expect(routeUrl('GET /api/sync')).toEqual({ method: 'GET', url: '/api/sync' });
  });

  it('sends the JSON body with the token and answers the envelope’s data', async () => {
    const fetch = vi.fn(async () =>
      answer(200, { success: true, data: { settings: { soundEnabled: false, desktopNotifications: true } } }),
    );
    vi.stubGlobal('fetch', fetch);
    const data = await api('PUT /api/me/settings', { body: { soundEnabled: false }, token: 't1' });
    expect(data.settings.soundEnabled).toBe(false);
    expect(fetch).toHaveBeenCalledWith('/api/me/settings', {
      method: 'PUT',
      headers: { Authorization: 'Bearer t1', 'Content-Type': 'application/json' },
      body: '{"soundEnabled":false}',
    });
  });

  it('throws the envelope’s error, and reports a 401 except on sign-in', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    const refused = { success: false, error: { code: 'UNAUTHORIZED', message: 'Sign in first' } };
    vi.stubGlobal('fetch', async () => answer(401, refused));
    await expect(api('POST /api/auth/login', { body: { email: 'a@b.c', password: 'x' } })).rejects.toBeInstanceOf(ApiRequestError);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api('GET /api/auth/me', { token: 't1' })).rejects.toMatchObject({ status: 401, error: refused.error });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});
