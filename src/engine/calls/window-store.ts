import type { KeyValueStore } from './jsonl-store.js';

/** A store of one run's calls that keeps only the windows of questions in flight. */
export interface WindowStore<V> extends KeyValueStore<V> {
  /** Starts the next window: values set or read before the previous window began are dropped. */
  nextWindow(): void;
}

export function isWindowStore<V>(store: KeyValueStore<V>): store is WindowStore<V> {
  return typeof (store as Partial<WindowStore<V>>).nextWindow === 'function';
}

/**
 * A store that lives for one run only (`--no-cache`) and keeps two windows: the values set or read
 * since the current window began, and those of the window before. The runner has at most two
 * windows in flight (windows.ts) and starts one only when the window two back is scored, so a call
 * repeated within a question always finds the first answer, while memory stays bounded by the
 * window size instead of growing with the run. A value read from the previous window is carried
 * into the current one, so it stays as long as a window that used it is in flight. Identical calls
 * of questions further apart are asked again.
 */
export function windowStore<V>(): WindowStore<V> {
  let previous = new Map<string, V>();
  let current = new Map<string, V>();
  return {
    file: undefined,
    get(key) {
      const value = current.get(key);
      if (value !== undefined) return value;
      const earlier = previous.get(key);
      if (earlier !== undefined) current.set(key, earlier);
      return earlier;
    },
    set(key, value) {
      if (!current.has(key) && !previous.has(key)) current.set(key, value);
    },
    nextWindow() {
      previous = current;
      current = new Map();
    },
    close() {},
  };
}
