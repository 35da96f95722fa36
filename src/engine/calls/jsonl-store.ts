import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 hex digest of a string: the content address of cache keys and cache files. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A key-value store of one run's calls, optionally persisted; the first value set for a key wins. */
export interface KeyValueStore<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  close(): void;
  /** The file it persists to, or undefined for an in-memory store. */
  readonly file: string | undefined;
}

/** How values are written to and read back from one JSON line (the line also carries `k`, the key). */
export interface LineCodec<V> {
  encode(value: V): Record<string, unknown>;
  /** The value a parsed line holds, or undefined when the line is not one of ours. */
  decode(line: Record<string, unknown>): V | undefined;
}

/** A store that lives for one run only (`--no-cache`). */
export function memoryStore<V>(): KeyValueStore<V> {
  const entries = new Map<string, V>();
  return {
    file: undefined,
    get: (key) => entries.get(key),
    set: (key, value) => void (entries.has(key) || entries.set(key, value)),
    close: () => {},
  };
}

function parseLine(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // A line torn by a kill mid-write: that call is simply made again.
    return undefined;
  }
}

/**
 * An append-only JSON Lines file `<prefix>-<hash of owner>.jsonl` under `dir`. Each value is
 * written with a synchronous append as soon as it arrives, so a run killed at any point (even
 * kill -9) keeps every value it had received; a torn or garbled line is ignored on the next open.
 */
export function openJsonlStore<V>(
  dir: string,
  prefix: string,
  owner: { id: string; fingerprint: string },
  codec: LineCodec<V>,
): KeyValueStore<V> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}-${sha256(`${owner.id}\0${owner.fingerprint}`).slice(0, 20)}.jsonl`);
  const entries = new Map<string, V>();
  let needsNewline = false;
  if (existsSync(file)) {
    const content = readFileSync(file, 'utf8');
    for (const text of content.split('\n')) {
      const line = text === '' ? undefined : parseLine(text);
      const value = line === undefined || typeof line.k !== 'string' ? undefined : codec.decode(line);
      if (value !== undefined) entries.set(line?.k as string, value);
    }
    needsNewline = content !== '' && !content.endsWith('\n');
  }
  const fd = openSync(file, 'a');
  if (needsNewline) writeSync(fd, '\n');
  return {
    file,
    get: (key) => entries.get(key),
    set(key, value) {
      if (entries.has(key)) return;
      entries.set(key, value);
      writeSync(fd, `${JSON.stringify({ k: key, ...codec.encode(value) })}\n`);
    },
    close: () => closeSync(fd),
  };
}
