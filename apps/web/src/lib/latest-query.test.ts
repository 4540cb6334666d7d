import { describe, expect, it } from 'vitest';
import { createLatest, type LatestResult } from './latest-query';

/** A request whose answer the test releases when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latest wins', () => {
  it('drops a slow older answer that arrives after a newer one', async () => {
    const applied: LatestResult<string>[] = [];
    const latest = createLatest<string>((result) => applied.push(result));
    const older = deferred<string>();
    const newer = deferred<string>();
    const olderRun = latest.run(() => older.promise);
    const newerRun = latest.run(() => newer.promise);
    newer.resolve('results for "hello"');
    await newerRun;
    older.resolve('results for "hel"');
    await olderRun;
    expect(applied).toEqual([{ data: 'results for "hello"' }]);
  });

  it('drops an older answer that arrives first, too, and an older failure', async () => {
    const applied: LatestResult<string>[] = [];
    const latest = createLatest<string>((result) => applied.push(result));
    const older = deferred<string>();
    const failing = deferred<string>();
    const newer = deferred<string>();
    const runs = [latest.run(() => older.promise), latest.run(() => failing.promise), latest.run(() => newer.promise)];
    older.resolve('old');
    failing.reject(new Error('network'));
    newer.resolve('new');
    await Promise.all(runs);
    expect(applied).toEqual([{ data: 'new' }]);
  });

  it('applies the newest failure, and nothing after supersede()', async () => {
    const applied: LatestResult<string>[] = [];
    const latest = createLatest<string>((result) => applied.push(result));
    const error = new Error('offline');
    await latest.run(() => Promise.reject(error));
    expect(applied).toEqual([{ error }]);
    const pending = deferred<string>();
    const run = latest.run(() => pending.promise);
    latest.supersede(); // the component went away
    pending.resolve('late');
    await run;
    expect(applied).toEqual([{ error }]);
  });
});
