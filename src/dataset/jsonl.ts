import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { cannotRead, InputError } from '../model/errors.js';

/** One parsed line of a JSON Lines file, with its 1-based line number. */
export interface JsonLine {
  readonly line: number;
  /** The id a row without one gets (a document's row number); by default its line number. */
  readonly defaultId?: string;
  readonly value: unknown;
}

/** "file:line" prefix for messages about a line of an input file. */
export function at(file: string, line: number): string {
  return `${file}:${line}`;
}

/**
 * Reads a JSON Lines file, plain or gzip (by a `.gz` suffix), skipping blank lines. A line that
 * is not JSON is an {@link InputError} naming the file and line.
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  try {
    const stats = await stat(file);
    if (!stats.isFile()) throw new InputError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(cannotRead(file, error));
  }
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  // A read or decompression error ends the lines; it is thrown once they stop. (Racing every
  // line against one never-settled error promise would keep every line: each race leaves it a
  // reaction holding that line's result, about 1 KB a line, for the whole load.)
  let failure: InputError | undefined;
  const cannotReadIt = (error: Error) => new InputError(`${file}: cannot read it (${error.message})`);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  input.once('error', (error: Error) => {
    failure ??= cannotReadIt(error);
    lines.close();
  });
  let line = 0;
  const iterator = lines[Symbol.asyncIterator]();
  while (true) {
    let next: IteratorResult<string>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw failure ?? cannotReadIt(error as Error);
    }
    if (failure !== undefined) throw failure;
    if (next.done) break;
    line++;
    const text = next.value.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${at(file, line)}: not valid JSON (${(error as Error).message})`);
    }
    yield { line, value };
  }
}

/** A short description of a JSON value's type for error messages: "number", "array", "null" ... */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
