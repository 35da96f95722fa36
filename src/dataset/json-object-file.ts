import { closeSync, openSync, readSync } from 'node:fs';
import { cannotRead, InputError, type RagseamError } from '../model/errors.js';
import { at } from './jsonl.js';

/** Bytes read at a time. */
const BLOCK_BYTES = 1 << 22;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === NEWLINE || byte === 0x0d || byte === 0x09;
}

/** Where the reader is in the object: before it, at a member's key or value, in the array, after. */
type Place = 'before' | 'key' | 'value' | 'elements' | 'after-array' | 'after';

export interface JsonObjectFileOptions {
  /** The member whose array is read element by element. */
  readonly arrayKey: string;
  /**
   * What to keep of each element of that array, undefined to drop it (default: the element); it
   * also sees the members read before the array.
   */
  readonly element?:
    | ((value: unknown, index: number, before: Readonly<Record<string, unknown>>) => unknown)
    | undefined;
  /** Names the file in errors (default: its path). */
  readonly label?: string;
  /** Makes the error of an unreadable or malformed file (default: an InputError, exit code 2). */
  readonly fail?: (message: string) => RagseamError;
  /** Bytes read at a time (tests cut values across blocks with small ones). */
  readonly blockBytes?: number;
}

/**
 * Reads a file that holds one JSON object without ever holding its text whole: a report of a
 * million questions is gigabytes, past the longest string JavaScript can make. Each member's value
 * is parsed on its own, and the array under `arrayKey` element by element, so only one block of
 * the file and one value are held at a time besides what is kept. The result is what `JSON.parse`
 * of the whole text gives (members in order, a repeated key's last value), with each element of
 * that array replaced by what `element` keeps of it (and left out where it keeps nothing). Text
 * that is not one JSON object is an error naming the file and the line where the faulty value
 * starts.
 */
export function readJsonObjectFile(file: string, options: JsonObjectFileOptions): Record<string, unknown> {
  const label = options.label ?? file;
  const fail = options.fail ?? ((message: string) => new InputError(message));
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw fail(cannotRead(label, error));
  }
  const result: Record<string, unknown> = {};
  let kept: unknown[] = [];
  let elements = 0;
  const block = Buffer.allocUnsafe(options.blockBytes ?? BLOCK_BYTES);
  let place = 'before' as Place;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  // The value being read: the bytes of earlier blocks, where it starts in this one, the line of its
  // first byte that is not white space (0 until there is one).
  let parts: Buffer[] = [];
  let start = 0;
  let startLine = 1;
  let key = '';
  const invalid = (where: number, why: string) =>
    fail(`${at(label, where === 0 ? line : where)}: not valid JSON (${why})`);
  const begin = (position: number) => {
    parts = [];
    start = position;
    startLine = 0;
  };
  /** The text read since `begin`, up to `end` of this block, trimmed. */
  const text = (end: number) =>
    (parts.length === 0
      ? block.toString('utf8', start, end)
      : Buffer.concat([...parts, block.subarray(start, end)]).toString('utf8')
    ).trim();
  const parse = (end: number, what: string): unknown => {
    const value = text(end);
    if (value === '') throw invalid(startLine, `${what} is missing`);
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      throw invalid(startLine, (error as Error).message);
    }
  };
  const keep = (value: unknown) => {
    Object.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true });
  };
  const endElement = (end: number, last: boolean) => {
    // `[]` holds no element; `[1,]` and `[,1]` are malformed.
    if (last && elements === 0 && text(end) === '') return;
    const value = parse(end, 'an element');
    const chosen = options.element === undefined ? value : options.element(value, elements, result);
    elements++;
    if (chosen !== undefined) kept.push(chosen);
  };
  const read = () => {
    try {
      return readSync(fd, block, 0, block.length, null);
    } catch (error) {
      throw fail(cannotRead(label, error));
    }
  };
  try {
    for (;;) {
      const length = read();
      if (length === 0) break;
      for (let i = 0; i < length; i++) {
        const byte = block[i] as number;
        if (byte === NEWLINE) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (place === 'before' || place === 'after-array' || place === 'after') {
          if (isSpace(byte)) continue;
          if (place === 'before' && byte === OPEN_OBJECT) {
            depth = 1;
            place = 'key';
            begin(i + 1);
            continue;
          }
          if (place === 'after-array' && (byte === COMMA || byte === CLOSE_OBJECT)) {
            place = byte === COMMA ? 'key' : 'after';
            depth = byte === COMMA ? 1 : 0;
            begin(i + 1);
            continue;
          }
          throw invalid(
            line,
            place === 'before' ? 'a JSON object must start the file' : 'text after the value',
          );
        }
        if (startLine === 0 && !isSpace(byte)) startLine = line;
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          depth++;
          if (
            depth === 2 &&
            place === 'value' &&
            key === options.arrayKey &&
            byte === OPEN_ARRAY &&
            text(i) === ''
          ) {
            place = 'elements';
            kept = [];
            elements = 0;
            begin(i + 1);
          }
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          if (depth === 1) {
            if (byte !== CLOSE_OBJECT) throw invalid(line, 'a "]" closes the object');
            // `{}` holds no member.
            if (place === 'value') keep(parse(i, 'a value'));
            else if (text(i) !== '' || Object.keys(result).length > 0)
              throw invalid(startLine, 'a member is missing');
            place = 'after';
          } else if (depth === 2 && place === 'elements') {
            if (byte !== CLOSE_ARRAY) throw invalid(line, 'a "}" closes the array');
            endElement(i, true);
            keep(kept);
            place = 'after-array';
          }
          depth--;
        } else if (byte === COMMA && depth === 1) {
          if (place !== 'value') throw invalid(startLine, 'a member has no value');
          keep(parse(i, 'a value'));
          place = 'key';
          begin(i + 1);
        } else if (byte === COMMA && depth === 2 && place === 'elements') {
          endElement(i, false);
          begin(i + 1);
        } else if (byte === COLON && depth === 1) {
          if (place !== 'key') throw invalid(line, 'a ":" after a value');
          const name = parse(i, 'a key');
          if (typeof name !== 'string') throw invalid(startLine, 'a key must be a string');
          key = name;
          place = 'value';
          begin(i + 1);
        }
      }
      // The value read so far continues in the next block.
      if (place === 'key' || place === 'value' || place === 'elements') {
        parts.push(Buffer.from(block.subarray(start, length)));
        start = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (place !== 'after') throw invalid(line, 'the file ends before the object does');
  return result;
}
