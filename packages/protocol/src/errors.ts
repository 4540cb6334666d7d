/** Error codes of CONTRACT §3 and the HTTP status each one answers with. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EDIT_WINDOW_EXPIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ApiError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
  details?: unknown;
}

export type ApiSuccess<T> = { success: true; data: T };
export type ApiFailure = { success: false; error: ApiError };
export type ApiResponse<T> = ApiSuccess<T> | ApiFailure;

/** Socket acknowledgements carry their fields at the top level (the spec's client reads `ack.messageId`). */
export type AckSuccess<T extends object = object> = { success: true } & T;
export type Ack<T extends object = object> = AckSuccess<T> | ApiFailure;
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;
