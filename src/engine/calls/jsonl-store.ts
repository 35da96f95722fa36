import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EnvironmentError, environmentError } from '../../model/errors.js';

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

/** The checksum a line carries in `c`: of the line's JSON without it. */
function checksum(body: string): string {
  return sha256(body).slice(0, 16);
}

/** One line: `{"k": key, ...value, "c": checksum}`. */
export function encodeLine(
  key: string,
  fields: Record<string, unknown>,
  clean: (text: string) => string = (text) => text,
): string {
  const body = clean(JSON.stringify({ k: key, ...fields }));
  return `${body.slice(0, -1)},"c":"${checksum(body)}"}\n`;
}

/**
 * The key and fields of a line, or undefined when it is torn (a kill mid-write), garbled or its
 * checksum does not match (a flipped byte): that call is simply made again.
 */
export function decodeLine(text: string): { key: string; fields: Record<string, unknown> } | undefined {
  const match = /,"c":"([0-9a-f]{16})"\}$/.exec(text);
  if (match === null) return undefined;
  const body = `${text.slice(0, match.index)}}`;
  if (checksum(body) !== match[1]) return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { k, ...fields } = value as Record<string, unknown>;
    return typeof k === 'string' ? { key: k, fields } : undefined;
  } catch {
    return undefined;
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `visit(offset, bytes)` for each line of an open file, reading it in chunks (a cache can be
 * far larger than the longest string V8 allows). Returns whether the last line lacks its newline.
 */
export function scanLines(fd: number, visit: (offset: number, line: Buffer) => void): boolean {
  let carry = Buffer.alloc(0);
  let carryOffset = 0;
  let position = 0;
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  while (true) {
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, position);
    if (read === 0) break;
    position += read;
    let data = carry.length === 0 ? chunk.subarray(0, read) : Buffer.concat([carry, chunk.subarray(0, read)]);
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      visit(carryOffset + start, data.subarray(start, end));
      start = end + 1;
    }
    carryOffset += start;
    data = data.subarray(start);
    carry = Buffer.from(data);
  }
  if (carry.length > 0) visit(carryOffset, carry);
  return carry.length > 0;
}

const KEY_START = Buffer.from('{"k":"');

/** The key a line starts with (`{"k":"<key>"`), or undefined for a line that is not one of ours. */
function keyOf(bytes: Buffer): string | undefined {
  if (
    bytes.length < KEY_START.length ||
    bytes.compare(KEY_START, 0, KEY_START.length, 0, KEY_START.length) !== 0
  )
    return undefined;
  const end = bytes.indexOf(34, KEY_START.length);
  if (end === -1) return undefined;
  const key = bytes.toString('utf8', KEY_START.length, end);
  return key.includes('\\') ? undefined : key;
}

/** Where a live entry's line is in the file. */
interface Slot {
  readonly offset: number;
  readonly length: number;
}

function openForAppend(file: string): number {
  try {
    return openSync(file, 'a+');
  } catch (error) {
    throw cacheError('cache file', file, error);
  }
}

/** Rewrites a store with only its live, intact lines, through an exclusively created sibling and a rename. */
function compact(file: string, fd: number, slots: Map<string, Slot>): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const out = openSync(temporary, 'wx');
  try {
    for (const slot of slots.values()) {
      const line = Buffer.alloc(slot.length + 1, 10);
      readSync(fd, line, 0, slot.length, slot.offset);
      // Torn and corrupted lines are dropped here, the one time every line is checked.
      if (decodeLine(line.toString('utf8', 0, slot.length)) !== undefined) writeFileSync(out, line);
    }
    closeSync(out);
    renameSync(temporary, file);
  } catch (error) {
    closeSync(out);
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

/**
 * An append-only JSON Lines file `<prefix>-<hash of owner>.jsonl` under `dir`. Each value is
 * written with a synchronous append, with a checksum, as soon as it arrives, so a run killed at
 * any point (even kill -9) keeps every value it had received; a torn, garbled or corrupted line is
 * ignored on the next open. The file is read in chunks and only an index (key → line position)
 * stays in memory; values are read back on demand. When more than half the lines are dead (torn,
 * corrupted, or a key written twice by concurrent runs), the file is compacted on open.
 * `clean` is the caller's redaction and escaping step, applied to each line's JSON text before
 * its checksum: secrets become `***`, and control characters JSON leaves raw (DEL, C1, U+2028)
 * become `\u` escapes, which read back as the same characters.
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
  const slots = new Map<string, Slot>();
  const readLine = (slot: Slot) => {
    const bytes = Buffer.allocUnsafe(slot.length);
    readSync(fd, bytes, 0, slot.length, slot.offset);
    return decodeLine(bytes.toString('utf8'));
  };
  let lines = 0;
  // Opening only indexes each line by its key; the checksum is checked when a value is read, so
  // resuming from a large cache costs one pass over its bytes.
  const index = (offset: number, bytes: Buffer) => {
    lines++;
    const key = keyOf(bytes);
    if (key === undefined) return;
    const earlier = slots.get(key);
    // A key seen twice (a torn line, then the call made again) keeps its first intact line.
    if (earlier === undefined || readLine(earlier) === undefined) {
      slots.set(key, { offset, length: bytes.length });
    }
  };
  const unterminated = scanLines(fd, index);
  if (lines > 2 * slots.size) {
    compact(file, fd, slots);
    closeSync(fd);
    fd = openForAppend(file);
    slots.clear();
    scanLines(fd, index);
  } else if (unterminated) {
    writeSync(fd, '\n');
  }
  // Values written by this run stay in memory: another run may append to the same file at the
  // same time, so the offset of our own line is not known.
  const fresh = new Map<string, V>();
  const read = (slot: Slot): V | undefined => {
    const decoded = readLine(slot);
    return decoded === undefined ? undefined : codec.decode(decoded.fields);
  };
  const lookup = (key: string): V | undefined => {
    const slot = slots.get(key);
    return slot === undefined ? fresh.get(key) : (read(slot) ?? fresh.get(key));
  };
  return {
    file,
    get: lookup,
    set(key, value) {
      // A key whose line is corrupt is written again.
      if (lookup(key) !== undefined) return;
      try {
        writeFileSync(fd, encodeLine(key, codec.encode(value), clean));
      } catch (error) {
        throw environmentError(error, file) ?? error;
      }
      fresh.set(key, value);
    },
    close: () => closeSync(fd),
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
