/** The group commit's linger (db/group-commit.ts): items arriving within it share one write; without it, the first goes at once. */
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder(lingerMs?: number) {
  const batches: number[][] = [];
  const commits = createGroupCommit<{ n: number; resolve(r: unknown): void }>({
    maxBatch: 100,
    lingerMs,
    write: async (batch) => {
      batches.push(batch.map((item) => item.n));
      await sleep(5);
      for (const item of batch) item.resolve(true);
    },
    onError: () => {},
  });
  const add = (n: number) => new Promise((resolve) => commits.enqueue({ n, resolve }));
  return { batches, add };
}

describe('group commit', () => {
  it('writes the first item at once when it does not linger, the rest together after it', async () => {
    const { batches, add } = recorder();
    const done = [add(1)];
    await sleep(1);
    done.push(add(2), add(3));
    await Promise.all(done);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('gathers what arrives within the linger into one write', async () => {
    const { batches, add } = recorder(30);
    const done = [add(1)];
    await sleep(5);
    done.push(add(2));
    await sleep(5);
    done.push(add(3));
    await Promise.all(done);
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
