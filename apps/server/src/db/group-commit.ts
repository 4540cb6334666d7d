/**
 * Group commit: items that arrive while a write is in flight queue up, and the next write takes
 * them all (up to `maxBatch`) in one statement and one transaction. If a write fails, each item of
 * that batch is answered `null`, so its caller falls back to its precise single-item path.
 *
 * `lingerMs`: when the first item arrives at an idle writer, wait this long for company before
 * writing. Embedded PGlite runs one statement at a time inside this process and each costs a few
 * milliseconds however few items it carries, so there a short wait buys much larger batches (see
 * LINGER_MS). On PostgreSQL batches fill by themselves under load and nothing waits.
 */
import type { BatchStats } from '@samvad/protocol';

export interface GroupCommitItem<R> {
  resolve(result: R | null): void;
}

/** Running totals since start, for GET /api/admin/metrics (the contract's BatchStats). */
export type GroupCommitStats = BatchStats;

/** How long each batcher lingers, by database (measured: bench/results/README.md, "footprint"). */
export const LINGER_MS = {
  pglite: { send: 2, receipt: 10 },
  postgres: { send: 0, receipt: 0 },
} as const;

export function createGroupCommit<P extends GroupCommitItem<unknown>>(options: {
  maxBatch: number;
  lingerMs?: number;
  write(batch: P[]): Promise<void>;
  onError(error: unknown): void;
}): { enqueue(item: P): void; stats(): GroupCommitStats } {
  let queue: P[] = [];
  let writing = false;
  let lingering: NodeJS.Timeout | undefined;
  const totals = { batches: 0, items: 0, failedBatches: 0, writeMs: 0, largestBatch: 0 };
  const flush = async () => {
    if (writing || queue.length === 0) return;
    writing = true;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    const started = performance.now();
    try {
      await options.write(batch);
    } catch (error) {
      totals.failedBatches += 1;
      options.onError(error);
      for (const item of batch) item.resolve(null);
    } finally {
      totals.batches += 1;
      totals.items += batch.length;
      totals.writeMs += performance.now() - started;
      totals.largestBatch = Math.max(totals.largestBatch, batch.length);
      writing = false;
      if (queue.length) void flush();
    }
  };
  return {
    enqueue(item) {
      queue.push(item);
      if (!options.lingerMs) return void flush();
      if (writing || lingering) return;
      lingering = setTimeout(() => {
        lingering = undefined;
        void flush();
      }, options.lingerMs);
    },
    stats: () => ({ ...totals, writeMs: Math.round(totals.writeMs), queued: queue.length }),
  };
}
