import * as crypto from 'node:crypto';
import { readSync } from 'node:fs';

/** The line format of the cache files: `{"k": key, ...fields, "c": checksum}` per line. */

// One-shot hashing (Node 20.12 and later) is about four times faster on short texts than a Hash
// object; older Node 20 releases take the object.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** sha256 hex digest of a string: the content address of cache keys and cache files. */
export function sha256(text: string): string {
  return oneShot === undefined
    ? crypto.createHash('sha256').update(text).digest('hex')
    : oneShot('sha256', text, 'hex');
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

/** A line's JSON without its checksum when the checksum holds; undefined when torn or garbled. */
export function checkedBody(text: string): string | undefined {
  const match = /,"c":"([0-9a-f]{16})"\}$/.exec(text);
  if (match === null) return undefined;
  const body = `${text.slice(0, match.index)}}`;
  return checksum(body) === match[1] ? body : undefined;
}

/** `,"c":"` + 16 hex digits + `"}`: how every line ends. */
const CHECKSUM_TAIL = 24;
const CHECKSUM_START = Buffer.from(',"c":"');
const HEX = /^[0-9a-f]{16}$/;

/**
 * {@link checkedBody} on a line's bytes, without decoding them: whether the line is whole and its
 * checksum holds. The line's JSON (without the checksum) is its first `length - 24` bytes and `}`.
 */
export function checksumHolds(line: Buffer): boolean {
  const end = line.length - CHECKSUM_TAIL;
  if (
    end < 1 ||
    line.compare(CHECKSUM_START, 0, CHECKSUM_START.length, end, end + CHECKSUM_START.length) !== 0
  )
    return false;
  if (line[line.length - 2] !== 34 || line[line.length - 1] !== 125) return false;
  const sum = line.toString('latin1', end + CHECKSUM_START.length, line.length - 2);
  if (!HEX.test(sum)) return false;
  if (oneShot === undefined)
    return (
      crypto.createHash('sha256').update(line.subarray(0, end)).update('}').digest('hex').slice(0, 16) === sum
    );
  // The body is the bytes up to the checksum with `}` in place of its `,`: hashed in place (a
  // one-shot hash of one buffer is the fastest), and the byte put back.
  const comma = line[end] as number;
  line[end] = 125;
  try {
    return oneShot('sha256', line.subarray(0, end + 1), 'hex').slice(0, 16) === sum;
  } finally {
    line[end] = comma;
  }
}

/** Where a line's last field ends: the bytes before its checksum (`,"c":"…"}`). */
export function beforeChecksum(line: Buffer): number {
  return line.length - CHECKSUM_TAIL;
}

/**
 * The key and fields of a line, or undefined when it is torn (a kill mid-write), garbled or its
 * checksum does not match (a flipped byte): that call is simply made again.
 */
export function decodeLine(text: string): { key: string; fields: Record<string, unknown> } | undefined {
  const body = checkedBody(text);
  if (body === undefined) return undefined;
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
 * Calls `visit(offset, bytes)` for each line of an open file from byte `from` on, reading it in
 * chunks (a cache can be far larger than the longest string V8 allows). With `wholeOnly`, a last
 * line without its newline is not visited (a concurrent run may be writing it). Returns where the
 * lines visited end, and whether the last line lacks its newline.
 */
export function scanLines(
  fd: number,
  visit: (offset: number, line: Buffer) => void,
  from = 0,
  wholeOnly = false,
): { end: number; unterminated: boolean } {
  let carry = Buffer.alloc(0);
  let carryOffset = from;
  let position = from;
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
  if (carry.length === 0) return { end: carryOffset, unterminated: false };
  if (wholeOnly) return { end: carryOffset, unterminated: true };
  visit(carryOffset, carry);
  return { end: carryOffset + carry.length, unterminated: true };
}

const KEY_START = Buffer.from('{"k":"');

/** The key a line starts with (`{"k":"<key>"`), or undefined for a line that is not one of ours. */
export function keyOf(bytes: Buffer): string | undefined {
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

const WINDOW_BYTES = 1 << 16;

/**
 * Reads whole lines of an append-only file by their offset, through one window of the file kept
 * in memory: values looked up in about the order they were written (a resumed run) cost no
 * system call each. Lines never change once written, so the window is never stale; a line that
 * runs past it is read again from its start.
 */
export function lineReader(fd: number): (offset: number) => Buffer | undefined {
  let window = Buffer.allocUnsafe(WINDOW_BYTES);
  let windowStart = 0;
  let windowLength = 0;
  return (offset) => {
    let at = offset - windowStart;
    let end = at >= 0 && at < windowLength ? window.indexOf(10, at) : -1;
    if (end === -1 || end >= windowLength) {
      // Read from the line's start, growing the window until the line's newline is in it.
      let size = WINDOW_BYTES;
      while (true) {
        if (window.length < size) window = Buffer.allocUnsafe(size);
        windowStart = offset;
        windowLength = readSync(fd, window, 0, size, offset);
        at = 0;
        end = window.indexOf(10, 0);
        if (end !== -1 && end < windowLength) break;
        // No newline before the end of the file: a torn line.
        if (windowLength < size) return undefined;
        size *= 2;
      }
    }
    return window.subarray(at, end);
  };
}
