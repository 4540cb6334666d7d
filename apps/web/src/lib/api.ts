/** REST client for CONTRACT §5: same-origin relative URLs, bearer token, envelope unwrapped. */
import type { ApiError, ApiResponse, Attachment } from '@samvad/protocol';
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

/** `token` overrides the stored session's (checking a token handed over by the host app). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const token = init.token ?? readToken();
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Network error – check your connection' });
  }
  const json = (await response.json().catch(() => null)) as ApiResponse<T> | null;
  if (!json) throw new ApiRequestError(response.status, { code: 'INTERNAL', message: `Unexpected answer (${response.status})` });
  if (!json.success) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw new ApiRequestError(response.status, json.error);
  }
  return json.data;
}

/** Multipart upload with real progress (fetch has no upload progress events). */
export function uploadFile(
  chatId: string,
  file: File,
  onProgress: (fraction: number) => void,
): { promise: Promise<Attachment>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Attachment>((resolve, reject) => {
    xhr.open('POST', `/api/chats/${chatId}/upload`);
    const token = readToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      try {
        const json = JSON.parse(xhr.responseText) as ApiResponse<{ attachment: Attachment }>;
        if (json.success) resolve(json.data.attachment);
        else reject(new ApiRequestError(xhr.status, json.error));
      } catch {
        reject(new ApiRequestError(xhr.status, { code: 'INTERNAL', message: `Upload failed (${xhr.status})` }));
      }
    };
    xhr.onerror = () => reject(new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Upload failed – network error' }));
    xhr.onabort = () => reject(new ApiRequestError(0, { code: 'UNAVAILABLE', message: 'Upload cancelled' }));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) return err.error.message;
  return err instanceof Error ? err.message : 'Something went wrong';
}
