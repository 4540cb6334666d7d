/**
 * Latest wins, for request-shaped data that is not socket-fed (directory, search, recent messages,
 * message info): each request supersedes the one before, so a slow older answer that arrives after
 * a newer one is dropped instead of overwriting it. Socket-fed state lives in the chat store.
 */
import { useEffect, useState, type DependencyList } from 'react';
import { errorMessage } from './api';

export type LatestResult<T> = { data: T } | { error: unknown };

export interface Latest<T> {
  /** Starts a request; its answer is applied only if no later run() or supersede() came first. */
  run(load: () => Promise<T>): Promise<void>;
  /** Drops every answer still on its way (the inputs changed, or the component went away). */
  supersede(): void;
}

export function createLatest<T>(apply: (result: LatestResult<T>) => void): Latest<T> {
  let current = 0;
  return {
    async run(load) {
      const ticket = ++current;
      let result: LatestResult<T>;
      try {
        result = { data: await load() };
      } catch (error) {
        result = { error };
      }
      if (ticket === current) apply(result);
    },
    supersede() {
      current++;
    },
  };
}

export interface QueryState<T> {
  /** The latest answer; kept while a newer request is on its way, and after it failed. */
  data: T | undefined;
  /** Why the latest request failed; cleared by the next answer. */
  error: string | null;
}

const EMPTY: QueryState<never> = { data: undefined, error: null };

/**
 * Runs `load` whenever `deps` change (after `delayMs`, to debounce typing); `null` runs nothing and
 * clears the answer. Only the answer to the newest request is shown.
 */
export function useLatestQuery<T>(load: (() => Promise<T>) | null, deps: DependencyList, delayMs = 0): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>(EMPTY);
  const [latest] = useState(() =>
    createLatest<T>((result) =>
      setState((s) => ('data' in result ? { data: result.data, error: null } : { data: s.data, error: errorMessage(result.error) })),
    ),
  );
  useEffect(() => {
    if (!load) {
      setState(EMPTY);
      return;
    }
    const timer = setTimeout(() => void latest.run(load), delayMs);
    return () => {
      clearTimeout(timer);
      latest.supersede();
    };
    // The caller's deps say when `load` asks for something new, as with useEffect.
  }, deps);
  return state;
}
