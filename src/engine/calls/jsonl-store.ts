import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EnvironmentError, environmentError } from '../../model/errors.js';
import { decodeLine, encodeLine, keyOf, lineReader, scanLines, sha256 } from './jsonl-lines.js';
import { createKeyIndex, type KeyIndex } from './key-index.js';

export { decodeLine, encodeLine, scanLines, sha256 } from './jsonl-lines.js';

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

function openForAppend(file: string): number {
  try {
    return openSync(file, 'a+');
  } catch (error) {
    throw cacheError('cache file', file, error);
  }
}

/** Rewrites a store with only its live, intact lines, in file order, through an exclusively created sibling and a rename. */
function compact(file: string, index: KeyIndex, readLine: (offset: number) => Buffer | undefined): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const out = openSync(temporary, 'wx');
  try {
    for (const offset of index.offsets().sort((a, b) => a - b)) {
      const line = readLine(offset);
      // Torn and corrupted lines are dropped here, the one time every line is checked.
      if (line !== undefined && decodeLine(line.toString('utf8')) !== undefined)
        writeFileSync(out, Buffer.concat([line, NEWLINE]));
    }
    closeSync(out);
    renameSync(temporary, file);
  } catch (error) {
    closeSync(out);
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * An append-only JSON Lines file `<prefix>-<hash of owner>.jsonl` under `dir`. Values set during
 * one turn of the event loop are written together, with one synchronous append, as soon as that
 * turn ends (before any timer or I/O callback runs), each line with a checksum, so a run killed at
 * any point (even kill -9) keeps every value of every turn it completed; a torn, garbled or
 * corrupted line is ignored on the next open. The file is read in chunks and only a compact index
 * (key prefix → line offset, key-index.ts) stays in memory; values are read back on demand,
 * through a window of the file, and the key in the line is checked. When more than half the lines
 * are dead (torn, corrupted, or a key written twice by concurrent runs), the file is compacted on
 * open. `clean` is the caller's redaction and escaping step, applied to each line's JSON text
 * before its checksum: secrets become `***`, and control characters JSON leaves raw (DEL, C1,
 * U+2028) become `\u` escapes, which read back as the same characters.
 */
export function openJsonlStore<V>(
  dir: string,
  prefix: string,
  owner: { id: string; fingerprint: string },
  codec: LineCodec<V>,
  clean?: (text: string) => string,
): KeyValueStore<V> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw cacheError('cache folder', dir, error);
  }
  const file = join(dir, `${prefix}-${sha256(`${owner.id}\0${owner.fingerprint}`).slice(0, 20)}.jsonl`);
  let fd = openForAppend(file);
  let readLine = lineReader(fd);
  let index = createKeyIndex();
  const decodeAt = (offset: number) => {
    const bytes = readLine(offset);
    return bytes === undefined ? undefined : decodeLine(bytes.toString('utf8'));
  };
  const keyAt = (key: string) => (offset: number) => {
    const bytes = readLine(offset);
    return bytes !== undefined && keyOf(bytes) === key;
  };
  const intact = (offset: number) => decodeAt(offset) !== undefined;
  let lines = 0;
  // Opening only indexes each line by its key; the checksum is checked when a value is read, so
  // resuming from a large cache costs one pass over its bytes.
  const indexLine = (offset: number, bytes: Buffer) => {
    lines++;
    const key = keyOf(bytes);
    if (key !== undefined) index.put(key, offset, keyAt(key), intact);
  };
  let end = 0;
  try {
    let unterminated: boolean;
    ({ end, unterminated } = scanLines(fd, indexLine));
    if (lines > 2 * index.size) {
      compact(file, index, readLine);
      closeSync(fd);
      index.close();
      fd = openForAppend(file);
      readLine = lineReader(fd);
      index = createKeyIndex();
      lines = 0;
      ({ end, unterminated } = scanLines(fd, indexLine));
    }
    if (unterminated) {
      writeSync(fd, '\n');
      end++;
    }
  } catch (error) {
    // The index may be on a temporary file of its own.
    index.close();
    throw error;
  }

  const read = (key: string): V | undefined => {
    let value: V | undefined;
    index.find(key, (offset) => {
      const decoded = decodeAt(offset);
      if (decoded === undefined || decoded.key !== key) return false;
      value = codec.decode(decoded.fields);
      return value !== undefined;
    });
    return value;
  };
  // Values set in this turn, until they are written.
  const pending = new Map<string, string>();
  const pendingValues = new Map<string, V>();
  let flushScheduled = false;
  // A write that failed after its turn: thrown by the next set or by close, so the run stops.
  let failure: unknown;
  /** Indexes whole lines appended since `end`: our own, and those of a concurrent run. */
  const indexTail = () => {
    ({ end } = scanLines(fd, indexLine, end, true));
  };
  const flush = () => {
    flushScheduled = false;
    if (pending.size === 0) return;
    const texts = [...pending.values()];
    const keys = [...pending.keys()];
    pending.clear();
    pendingValues.clear();
    const bytes = Buffer.from(texts.join(''));
    try {
      for (let written = 0; written < bytes.length; )
        written += writeSync(fd, bytes, written, bytes.length - written);
      // The file is appended to only, so it ends right after our lines exactly when no other run
      // appended since we last looked: then our lines are where we wrote them. Otherwise the tail
      // is read back, theirs and ours, to index both.
      if (fstatSync(fd).size === end + bytes.length) {
        keys.forEach((key, line) => {
          lines++;
          index.put(key, end, keyAt(key), intact);
          end += Buffer.byteLength(texts[line] as string);
        });
      } else indexTail();
    } catch (error) {
      failure = environmentError(error, file) ?? error;
    }
  };
  const rethrow = () => {
    if (failure === undefined) return;
    const error = failure;
    failure = undefined;
    throw error;
  };
  return {
    file,
    get: (key) => pendingValues.get(key) ?? read(key),
    set(key, value) {
      rethrow();
      // A key whose line is corrupt is written again.
      if (pendingValues.has(key) || read(key) !== undefined) return;
      pending.set(key, encodeLine(key, codec.encode(value), clean));
      pendingValues.set(key, value);
      if (!flushScheduled) {
        flushScheduled = true;
        process.nextTick(flush);
      }
    },
    close() {
      flush();
      index.close();
      closeSync(fd);
      rethrow();
    },
  };
}

/** A cache folder or file that cannot be created or written, as an error naming it (exit 3). */
function cacheError(what: string, path: string, error: unknown): unknown {
  const reason = environmentError(error, path);
  if (reason === undefined) return error;
  return new EnvironmentError(`${what} ${reason.message}`, {
    hint: 'give a writable folder with --cache DIR (or RAGSEAM_CACHE_DIR), or run with --no-cache',
  });
}
