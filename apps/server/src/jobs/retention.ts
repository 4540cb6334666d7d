/**
 * Retention (spec §3.3): messages deleted for everyone keep their place in the conversation, but
 * DELETED_CONTENT_RETENTION_DAYS after the deletion their content and files are erased for good.
 *
 * Works in batches (`for update skip locked`, so two processes running it at once share the work),
 * is idempotent (erased rows carry erased_at and are never picked again), and logs what it did.
 * Bytes are removed inside the batch's transaction: if the commit fails they are simply removed
 * again on the next run, and a file whose removal fails keeps its messages for the next run.
 */
import { sql } from 'drizzle-orm';
import { removeUnsentUploads, UNSENT_UPLOAD_TTL_MS } from '../files/retention.js';
import { DELETED_CONTENT_RETENTION_DAYS } from '@samvad/protocol';
import type { AppContext } from '../context.js';
import { query, type Tx } from '../db/client.js';
import { uuidArray } from '../db/values.js';

export type RetentionDeps = Pick<AppContext, 'db' | 'storage' | 'logger' | 'clock'>;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionReport {
  messages: number;
  files: number;
  /** Uploads never sent in a message, removed after UNSENT_UPLOAD_TTL_MS. */
  unsentUploads?: number;
}

/** Erases content, context, mentions, earlier versions and reactions of messages deleted long enough ago, and their orphaned files. */
export async function eraseDeletedMessages(deps: RetentionDeps, options: { batchSize?: number } = {}): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? 200;
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - DELETED_CONTENT_RETENTION_DAYS * DAY_MS);
  const total: RetentionReport = { messages: 0, files: 0 };
  for (;;) {
    const batch = await deps.db.transaction((tx) => eraseBatch(deps, tx, cutoff, now, batchSize));
    total.messages += batch.messages;
    total.files += batch.files;
    if (batch.picked < batchSize || batch.messages === 0) break;
  }
  return total;
}

async function eraseBatch(deps: RetentionDeps, tx: Tx, cutoff: Date, now: Date, batchSize: number) {
  // visibility: a job with no viewer (messages deleted for everyone, due to be erased).
  const picked = await query<{ id: string; attachment_id: string | null }>(
    tx,
    sql`select id, attachment_id from messages
        where deleted_at is not null and erased_at is null and deleted_at < ${cutoff}
        order by deleted_at limit ${batchSize} for update skip locked`,
  );
  if (picked.length === 0) return { picked: 0, messages: 0, files: 0 };
  const attachmentIds = [...new Set(picked.map((m) => m.attachment_id).filter((id): id is string => id !== null))];
  // A file still shown by another (not deleted) message — a forwarded copy — stays.
  // visibility: a job with no viewer.
  const orphans = attachmentIds.length
    ? await query<{ id: string; storage_key: string; thumbnail_key: string | null }>(
        tx,
        sql`select a.id, a.storage_key, a.thumbnail_key from attachments a
            where a.id = any(${uuidArray(attachmentIds)}) and a.erased_at is null
              and not exists (select 1 from messages o where o.attachment_id = a.id and o.deleted_at is null)
            for update of a`,
      )
    : [];
  const failed = new Set<string>();
  for (const file of orphans) {
    try {
      await deps.storage.delete(file.storage_key);
      if (file.thumbnail_key) await deps.storage.delete(file.thumbnail_key);
    } catch (error) {
      failed.add(file.id);
      deps.logger.error({ err: error, attachmentId: file.id }, 'retention: could not remove a file; will retry on the next run');
    }
  }
  const erasedFiles = orphans.filter((f) => !failed.has(f.id)).map((f) => f.id);
  const messageIds = picked.filter((m) => !m.attachment_id || !failed.has(m.attachment_id)).map((m) => m.id);
  if (erasedFiles.length) await tx.execute(sql`update attachments set erased_at = ${now} where id = any(${uuidArray(erasedFiles)})`);
  if (messageIds.length) {
    await tx.execute(sql`delete from reactions where message_id = any(${uuidArray(messageIds)})`);
    await tx.execute(sql`delete from message_edits where message_id = any(${uuidArray(messageIds)})`);
    await tx.execute(sql`update messages set content = null, context = null, mentions = '{}', erased_at = ${now}
                         where id = any(${uuidArray(messageIds)})`);
  }
  return { picked: picked.length, messages: messageIds.length, files: erasedFiles.length };
}

/** One full retention run: what the daily schedule and `npm run retention` both do. */
export async function runRetention(deps: RetentionDeps): Promise<RetentionReport> {
  const started = Date.now();
  const erased = await eraseDeletedMessages(deps);
  const unsent = await removeUnsentUploads(deps, { olderThan: new Date(deps.clock.now().getTime() - UNSENT_UPLOAD_TTL_MS) });
  const report = { ...erased, unsentUploads: unsent.removed };
  deps.logger.info({ ...report, ms: Date.now() - started }, 'retention: erased messages deleted for everyone and unsent uploads');
  return report;
}

/**
 * Runs retention daily (first run shortly after start). Timers are unref'd so they never keep the
 * process alive; overlapping runs are skipped. Returns a function that stops the schedule.
 */
export function scheduleRetention(deps: RetentionDeps, options: { firstRunMs?: number; intervalMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await runRetention(deps);
    } catch (error) {
      deps.logger.error({ err: error }, 'retention: run failed');
    } finally {
      running = false;
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      void run();
      interval = setInterval(() => void run(), options.intervalMs ?? DAY_MS);
      interval.unref();
    },
    options.firstRunMs ?? 5 * 60 * 1000,
  );
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}
