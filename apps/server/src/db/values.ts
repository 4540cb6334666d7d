/** Normalises values that the two drivers return differently (timestamps as text, bigints). */
import { sql, type SQL } from 'drizzle-orm';

export type DbTimestamp = string | Date;

export function toDate(value: DbTimestamp): Date {
  if (value instanceof Date) return value;
  // PostgreSQL text form: "2026-11-25 22:12:28.656151+00" → ISO 8601
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

export function toIso(value: DbTimestamp): string;
export function toIso(value: DbTimestamp | null | undefined): string | null;
export function toIso(value: DbTimestamp | null | undefined): string | null {
  return value === null || value === undefined ? null : toDate(value).toISOString();
}

/** A JS array as one PostgreSQL uuid[] parameter (drizzle would otherwise expand it into a list). */
export const uuidArray = (ids: readonly string[]): SQL => sql`${sql.param(ids)}::uuid[]`;
/** The same for text, such as user ids (opaque strings, CONTRACT §2). */
export const textArray = (values: readonly string[]): SQL => sql`${sql.param(values)}::text[]`;
export const smallintArray = (values: readonly number[]): SQL => sql`${sql.param(values)}::smallint[]`;
