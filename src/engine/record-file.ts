import { environmentError } from '../model/errors.js';
import { openPrivateFile, readAt, writeBuffers } from './calls/private-file.js';

/** Bytes gathered before one write. */
const BLOCK_BYTES = 1 << 20;

/** Bytes read at once by a pass that reads records in the order they were written. */
const READ_AHEAD_BYTES = 1 << 16;

/** Records are held in memory, encoded, up to this many bytes; past it they go to the file. */
export const IN_MEMORY_BYTES = 32 << 20;

/** What holding one record costs besides its bytes (a Buffer object and its slot), counted in the bound. */
const HELD_RECORD_BYTES = 100;

/**
 * Records kept parsed, the most recently read: a window of questions in flight reads its own
 * records many times over (planning each probe, then scoring), and a parsed record's passages are
 * the same objects each time, which also keeps their cache-key digests (request-key.ts).
 */
export const PARSED_RECORDS = 2048;

/**
 * JSON values by index. A small run keeps them in memory (encoded, as they would be written);
 * past {@link IN_MEMORY_BYTES} they move to a private temporary file, so a run over a million
 * questions keeps only each record's position and length (12 bytes) in memory. Records are
 * written once and read back as often as needed; numbers JSON cannot hold (-0, NaN, ±Infinity)
 * come back as they went in. The {@link PARSED_RECORDS} most recently read come back as the same
 * objects: callers must not change what they get.
 */
export interface RecordFile<T> {
  /** Stores `value` at `index`; returns its encoding ({@link encodeRecord}) as UTF-8, not to be changed. */
  set(index: number, value: T): Buffer;
  /** The record at `index`; undefined when none was set. */
  get(index: number): T | undefined;
  /**
   * What `read` makes of the encoded bytes of the record at `index` (valid during the call only),
   * without parsing the record; undefined when none was set.
   */
  peek<R>(index: number, read: (bytes: Buffer) => R): R | undefined;
  /** Removes the file. */
  close(): void;
}

/** Strings starting with NUL are escaped so that NUL can mark the numbers JSON cannot hold. */
function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return `\u0000#${Object.is(value, -0) ? '-0' : String(value)}`;
  }
  if (typeof value === 'string' && value.startsWith('\u0000')) return `\u0000${value}`;
  return value;
}

/**
 * A record as the file holds it: its JSON, with the numbers JSON cannot hold and strings starting
 * with NUL marked (so two different values never encode alike).
 */
export function encodeRecord(value: unknown): string {
  // A replacer takes JSON.stringify off its fast path: used only where something needs marking.
  return needsMarks(value) ? JSON.stringify(value, encode) : JSON.stringify(value);
}

/** Whether `encode` would change anything in `value` (or cannot be ruled out: a `toJSON`). */
function needsMarks(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value) || Object.is(value, -0);
  if (typeof value === 'string') return value.startsWith('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(needsMarks);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  return Object.values(value).some(needsMarks);
}

function decode(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('\u0000')) return value;
  return value.startsWith('\u0000#') ? Number(value.slice(2)) : value.slice(1);
}

export function openRecordFile<T>(inMemoryBytes = IN_MEMORY_BYTES): RecordFile<T> {
  let held: (Buffer | undefined)[] | undefined = [];
  let heldBytes = 0;
  let file: BytesFile<T> | undefined;
  const parse = (bytes: Buffer): T => {
    const json = bytes.toString('utf8');
    // The reviver is slow, and needed only where `encode` marked something.
    return (json.includes('\\u0000') ? JSON.parse(json, decode) : JSON.parse(json)) as T;
  };
  const spill = () => {
    const bytes = held as (Buffer | undefined)[];
    held = undefined;
    file = openBytesFile(parse);
    bytes.forEach((record, index) => {
      if (record !== undefined) file?.set(index, record);
    });
  };
  const spillAt = () => {
    if (heldBytes > inMemoryBytes) spill();
  };
  if (inMemoryBytes <= 0) spill();
  const parsed = new Map<number, T>();
  const read = (index: number): T | undefined => {
    if (held === undefined) return (file as BytesFile<T>).get(index);
    const bytes = held[index];
    return bytes === undefined ? undefined : parse(bytes);
  };
  return {
    set(index, value) {
      parsed.delete(index);
      const bytes = Buffer.from(encodeRecord(value), 'utf8');
      if (held === undefined) {
        (file as BytesFile<T>).set(index, bytes);
        return bytes;
      }
      const before = held[index];
      heldBytes += bytes.length - (before === undefined ? -HELD_RECORD_BYTES : before.length);
      held[index] = bytes;
      spillAt();
      return bytes;
    },
    peek(index, read) {
      if (held === undefined) return (file as BytesFile<T>).peek(index, read);
      const bytes = held[index];
      return bytes === undefined ? undefined : read(bytes);
    },
    get(index) {
      let value = parsed.get(index);
      if (value !== undefined) return value;
      value = read(index);
      if (value === undefined) return undefined;
      if (parsed.size >= PARSED_RECORDS) parsed.delete(parsed.keys().next().value as number);
      parsed.set(index, value);
      return value;
    },
    close() {
      parsed.clear();
      held = undefined;
      file?.close();
    },
  };
}

/** Encoded records in the temporary file; `get` gives what `parse` makes of a record's bytes. */
interface BytesFile<R> {
  set(index: number, bytes: Buffer): void;
  get(index: number): R | undefined;
  peek<P>(index: number, read: (bytes: Buffer) => P): P | undefined;
  close(): void;
}

function openBytesFile<R>(parse: (bytes: Buffer) => R): BytesFile<R> {
  const { fd, where, close } = openPrivateFile('ragseam-records-', 'records.jsonl');
  let offsets = new Float64Array(1024).fill(Number.NaN);
  let lengths = new Uint32Array(1024);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  let scratch = Buffer.allocUnsafe(1 << 16);

  // Records are only appended (reads name their position), so the file's position is `written`.
  const flush = () => {
    if (pendingBytes === 0) return;
    try {
      writeBuffers(fd, pending);
    } catch (error) {
      throw environmentError(error, where) ?? error;
    }
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  const grow = (index: number) => {
    if (index < offsets.length) return;
    let size = offsets.length;
    while (size <= index) size *= 2;
    const moreOffsets = new Float64Array(size).fill(Number.NaN);
    moreOffsets.set(offsets);
    const moreLengths = new Uint32Array(size);
    moreLengths.set(lengths);
    offsets = moreOffsets;
    lengths = moreLengths;
  };

  // Records read in the order they were written (a pass over every question) are read a block
  // ahead, into `ahead`: one system call for many records. Others are read one by one.
  let ahead = Buffer.allocUnsafe(0);
  let aheadStart = 0;
  let aheadEnd = 0;
  let lastEnd = -1;
  const peek = <P>(index: number, read: (bytes: Buffer) => P): P | undefined => {
    const offset = offsets[index];
    if (offset === undefined || Number.isNaN(offset)) return undefined;
    if (offset >= written) flush();
    const length = lengths[index] as number;
    const end = offset + length;
    const sequential = offset === lastEnd;
    lastEnd = end;
    if (offset >= aheadStart && end <= aheadEnd)
      return read(ahead.subarray(offset - aheadStart, end - aheadStart));
    if (sequential) {
      const size = Math.min(Math.max(length, READ_AHEAD_BYTES), written - offset);
      if (ahead.length < size) ahead = Buffer.allocUnsafe(Math.max(size, READ_AHEAD_BYTES));
      aheadStart = offset;
      aheadEnd = offset + readAt(fd, ahead, size, offset);
      return read(ahead.subarray(0, length));
    }
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
    readAt(fd, scratch, length, offset);
    return read(scratch.subarray(0, length));
  };

  return {
    set(index, bytes) {
      grow(index);
      offsets[index] = written + pendingBytes;
      lengths[index] = bytes.length;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= BLOCK_BYTES) flush();
    },
    peek,
    get: (index) => peek(index, parse),
    close,
  };
}
