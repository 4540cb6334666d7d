/** REST client for CONTRACT §5: same-origin relative URLs, bearer token, envelope unwrapped. */
import type { ApiError, ApiResponse, Attachment, RestRoute, RestRoutes, RouteData, RouteParamName } from '@samvad/protocol';
import { readToken } from './session-storage';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

/** Called on a 401 so the app can drop a stale session. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Routes with a JSON body (or none); the upload is multipart (uploadFile). */
export type JsonRoute = { [R in RestRoute]: RestRoutes[R] extends { multipart: unknown } ? never : R }[RestRoute];

/** What a call passes besides the route: the route's path parameters, query and body, typed by RestRoutes. */
export type ApiRequest<R extends RestRoute> = ([RouteParamName<R>] extends [never]
  ? { params?: never }
  : { params: Record<RouteParamName<R>, string> }) &
  (RestRoutes[R] extends { body: infer B } ? { body: B } : { body?: never }) &
  (RestRoutes[R] extends { query: infer Q } ? { query?: Q } : { query?: never }) & {
    /** Overrides the stored session's token (checking a token handed over by the host app). */
    token?: string;
    /** Lets the request outlive the page (a write sent as the page goes away). */
    keepalive?: boolean;
  };

/** The request argument may be left out when nothing in it is required. */
type RequestArgs<R extends RestRoute> = Partial<ApiRequest<R>> extends ApiRequest<R> ? [request?: ApiRequest<R>] : [request: ApiRequest<R>];

/**
 * Calls a route of the REST contract and answers its `data`, typed by the route map:
 * `api('PUT /api/chats/:id', { params: { id }, body: { isMuted: true } })` → `Promise<{ chat: Chat }>`.
 */
export async function api<R extends JsonRoute>(route: R, ...[request]: RequestArgs<R>): Promise<RouteData<R>> {
  const { params, query, body, token: tokenOverride, keepalive } = (request ?? {}) as RawRequest;
  const token = tokenOverride ?? readToken();
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const { method, url } = routeUrl(route, params, query);
  let response: Response;
  try {
    response = await fetch(url, { method, headers, keepalive, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Network error – check your connection' });
  }
  return readEnvelope<R>(route, response);
}

/** The success envelope's `data`, or an ApiRequestError (a 401 also ends the session). */
async function readEnvelope<R extends RestRoute>(route: R, response: Response): Promise<RouteData<R>> {
  const json = (await response.json().catch(() => null)) as ApiResponse<RouteData<R>> | null;
  if (!json) throw new ApiRequestError(response.status, { code: 'INTERNAL', message: `Unexpected answer (${response.status})` });
  if (!json.success) {
    if (response.status === 401 && route !== 'POST /api/auth/login') onUnauthorized();
    throw new ApiRequestError(response.status, json.error);
  }
  return json.data;
}

type PictureRoute = 'PUT /api/users/me/avatar' | 'PUT /api/chats/:id/avatar';

/** A picture (multipart field `file`): small once cropped, so a plain fetch without progress. */
export async function putPicture<R extends PictureRoute>(
  route: R,
  picture: Blob,
  params: Record<string, string> = {},
): Promise<RouteData<R>> {
  const token = readToken();
  const { method, url } = routeUrl(route, params);
  const form = new FormData();
  form.append('file', picture, 'picture.jpg');
  let response: Response;
  try {
    response = await fetch(url, { method, headers: token ? { Authorization: `Bearer ${token}` } : {}, body: form });
  } catch {
    throw new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Network error – check your connection' });
  }
  return readEnvelope(route, response);
}

interface RawRequest {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  token?: string;
  keepalive?: boolean;
}

/** `'GET /api/chats/:id/messages'`, `{ id }`, `{ limit: 50 }` → GET `/api/chats/<id>/messages?limit=50`. */
export function routeUrl(route: RestRoute, params: Record<string, string> = {}, query: Record<string, unknown> = {}) {
  const [method, template] = route.split(' ') as [string, string];
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const queryString = search.toString();
  return { method, url: queryString ? `${path}?${queryString}` : path };
}

/** Multipart upload with real progress (fetch has no upload progress events). */
export function uploadFile(
  chatId: string,
  file: File,
  onProgress: (fraction: number) => void,
  /** Sent before the file (the server reads them as the bytes stream in): a voice message's `waveform`. */
  fields: Record<string, string> = {},
): { promise: Promise<Attachment>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Attachment>((resolve, reject) => {
    const { method, url } = routeUrl('POST /api/chats/:id/upload', { id: chatId });
    xhr.open(method, url);
    const token = readToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      try {
        const json = JSON.parse(xhr.responseText) as ApiResponse<RouteData<'POST /api/chats/:id/upload'>>;
        if (json.success) resolve(json.data.attachment);
        else reject(new ApiRequestError(xhr.status, json.error));
      } catch {
        reject(new ApiRequestError(xhr.status, { code: 'INTERNAL', message: `Upload failed (${xhr.status})` }));
      }
    };
    xhr.onerror = () => reject(new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Upload failed – network error' }));
    xhr.onabort = () => reject(new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Upload cancelled' }));
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) return err.error.message;
  return err instanceof Error ? err.message : 'Something went wrong';
}
