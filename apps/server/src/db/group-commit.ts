/**
 * Group commit: items that arrive while a write is in flight queue up, and the next write takes
 * them all (up to `maxBatch`) in one statement and one transaction. If a write fails, each item of
 * that batch is answered `null`, so its caller falls back to its precise single-item path.
 */
export interface GroupCommitItem<R> {
  resolve(result: R | null): void;
}

export function createGroupCommit<P extends GroupCommitItem<unknown>>(options: {
  maxBatch: number;
  write(batch: P[]): Promise<void>;
  onError(error: unknown): void;
}): { enqueue(item: P): void; queued(): readonly P[] } {
  let queue: P[] = [];
  let writing = false;
  const flush = async () => {
    if (writing || queue.length === 0) return;
    writing = true;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    try {
      await options.write(batch);
    } catch (error) {
      options.onError(error);
      for (const item of batch) item.resolve(null);
    } finally {
      writing = false;
      if (queue.length) void flush();
    }
  };
  return {
    enqueue(item) {
      queue.push(item);
      void flush();
    },
    queued: () => queue,
  };
}
