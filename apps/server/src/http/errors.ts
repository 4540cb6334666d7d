/** The one error type services throw; transports turn it into the envelope of CONTRACT §3. */
import { ERROR_STATUS, type ApiError, type ErrorCode } from '@samvad/protocol';
import { ZodError } from 'zod';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfterMs?: number; details?: unknown } = {},
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toJSON(): ApiError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

/**
 * The caller is not a member of the chat (or may not see the message). Services throw this one
 * error; each transport says it its own way (CONTRACT §3): REST answers 404 NOT_FOUND, so ids
 * reveal nothing, and a socket event answers FORBIDDEN.
 */
export class OutsiderError extends AppError {
  constructor(what: 'Chat' | 'Message') {
    super('NOT_FOUND', `${what} not found`);
  }
}
export const outsider = (what: 'Chat' | 'Message') => new OutsiderError(what);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const invalid = (message: string, details?: unknown) => new AppError('VALIDATION', message, details ? { details } : {});

export function fromZodError(error: ZodError): AppError {
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  return invalid(
    `${where}${first?.message ?? 'invalid input'}`,
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/** The socket transport's view of an error: an outsider is refused as FORBIDDEN, the rest as over REST. */
export function toSocketError(error: unknown): AppError {
  if (error instanceof OutsiderError) return forbidden('You are not a participant in this chat');
  return toAppError(error);
}

/** Normalises anything thrown into an AppError; unknown errors become INTERNAL (and are logged by the caller). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (isDatabaseUnavailable(error)) return new AppError('UNAVAILABLE', 'The database is unavailable; try again shortly');
  return new AppError('INTERNAL', 'Something went wrong on our side');
}

/** Errors that mean "the database cannot be reached right now", looking through driver/ORM wrappers. */
function isDatabaseUnavailable(error: unknown): boolean {
  let e = error as { code?: string; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = e.code ?? '';
    if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code))
      return true;
    // 55000 with this text: the database refuses connections (maintenance, ALLOW_CONNECTIONS false)
    if (
      /not currently accepting connections|Connection terminated|connection error|timeout exceeded when trying to connect/i.test(
        e.message ?? '',
      )
    )
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** PostgreSQL unique_violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined;
  // drizzle wraps driver errors; look through the cause chain
  for (let i = 0; e && i < 4; i++) {
    if (e.code === '23505')
      return constraint === undefined || e.constraint === constraint || String((e as Error).message).includes(constraint);
    e = e.cause as typeof e;
  }
  return false;
}
