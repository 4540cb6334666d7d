/**
 * Retention of uploads that were never sent (issue 4): an attachment no message references,
 * older than `olderThan`, loses its row and its bytes. Runs in batches and is idempotent: a run
 * that stops half-way leaves only work for the next run, never a message pointing at missing bytes.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { query } from '../db/client.js';

export const UNSENT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

export interface RemoveUnsentOptions {
  /** Uploads created before this instant are removed; the daily job passes now − 24 h. */
  olderThan: Date;
  batchSize?: number;
  /** Stops after this many batches (a bound for one run; the next run carries on). */
  maxBatches?: number;
}

export async function removeUnsentUploads(
  ctx: Pick<AppContext, 'db' | 'storage' | 'logger'>,
  options: RemoveUnsentOptions,
): Promise<{ removed: number }> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 1000;
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await ctx.db.transaction(async (tx) => {
      // Lock the batch: a concurrent send of one of these waits for us and then finds it gone
      // (its foreign key fails) instead of referencing bytes we are deleting.
      // visibility: a job with no viewer (is the upload referenced by any message at all).
      const rows = await query<{ id: string; storage_key: string; thumbnail_key: string | null }>(
        tx,
        sql`select a.id, a.storage_key, a.thumbnail_key from attachments a
            where a.sent_at is null and a.created_at < ${options.olderThan}
              and not exists (select 1 from messages m where m.attachment_id = a.id)
            order by a.created_at
            limit ${batchSize}
            for update skip locked`,
      );
      if (rows.length === 0) return 0;
      // Bytes first: if a delete fails the transaction rolls back and the rows stay for the next run
      // (deleting an absent key is not an error, so repeating is safe).
      for (const row of rows) {
        await ctx.storage.delete(row.storage_key);
        if (row.thumbnail_key) await ctx.storage.delete(row.thumbnail_key);
      }
      await tx.execute(
        sql`delete from attachments where id in (${sql.join(
          rows.map((r) => sql`${r.id}::uuid`),
          sql`, `,
        )})`,
      );
      return rows.length;
    });
    removed += count;
    if (count < batchSize) break;
  }
  if (removed) ctx.logger.info({ removed }, 'removed unsent uploads');
  return { removed };
}
