import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { environmentError, UsageError } from '../model/errors.js';
import type { CliIO } from './io.js';
import { GuardedText } from './output-guard.js';
import { isStdoutPath } from './stdout-path.js';

/** The file a path names once symbolic links are followed, or the path itself when it does not exist. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const left = statSync(a);
    const right = statSync(b);
    return left.dev === right.dev && left.ino === right.ino;
  } catch {
    return realPath(a) === realPath(b);
  }
}

/**
 * Refuses an output path that names one of the run's inputs (dataset, corpus, config, baseline):
 * writing the report there would destroy the input.
 */
export function refuseInputAsOutput(
  outputs: Readonly<Record<string, string | undefined>>,
  inputs: Readonly<Record<string, string | undefined>>,
): void {
  for (const [flag, output] of Object.entries(outputs)) {
    if (output === undefined || isStdoutPath(output)) continue;
    for (const [what, input] of Object.entries(inputs)) {
      if (input !== undefined && sameFile(output, input)) {
        throw new UsageError(
          `${flag} ${output}: that is the ${what} (${input}); the report would overwrite it`,
          {
            hint: `write the report to another file`,
          },
        );
      }
    }
  }
}

/** Writes every piece to an open file (writeFileSync loops over short writes and raises ENOSPC). */
function writePieces(fd: number, pieces: Iterable<string | Uint8Array>): void {
  for (const piece of pieces) writeFileSync(fd, piece);
}

/** Writes through a sibling temporary file created exclusively under an unpredictable name. */
function writeAtomic(file: string, content: Iterable<string | Uint8Array>): void {
  const folder = dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw environmentError(error) ?? error;
  }
  const temporary = join(folder, `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o666);
    writePieces(fd, content);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // never created, or already renamed
    }
    throw environmentError(error, file) ?? error;
  }
}

/**
 * Writes a report file given by a flag, through the output guard (redaction, control characters,
 * and no Markdown mentions for `.md`). `-` and `/dev/stdout` write to stdout; a FIFO or a device is
 * written in place; a symbolic link is followed, so the link stays; a regular file is replaced
 * atomically (a reader never sees half a file, a failed write leaves the old one and no stray
 * temporary file). A folder is a usage error. `content` may come in pieces (a streamed report),
 * each cleaned on its own: a piece must not cut a secret in two. A {@link GuardedText} piece was
 * cleaned before and is written as it is (into Markdown, with Markdown's cleaning).
 */
export function writeOutput(
  io: CliIO,
  flag: string,
  file: string,
  content: string | Iterable<string | GuardedText>,
  markdown = false,
): void {
  // Guarded bytes are decoded in order: a block may end inside a character.
  const decoder = new StringDecoder('utf8');
  const asText = (text: string | Uint8Array) => (typeof text === 'string' ? text : decoder.write(text));
  // Text guarded already is written as it is, except into Markdown, which cleans more.
  const clean = (piece: string | GuardedText): string | Uint8Array =>
    piece instanceof GuardedText
      ? markdown
        ? io.guard.cleanMarkdown(asText(piece.text))
        : piece.text
      : markdown
        ? io.guard.cleanMarkdown(piece)
        : io.guard.clean(piece);
  const text = typeof content === 'string' ? [clean(content)] : mapPieces(content, clean);
  if (isStdoutPath(file)) {
    for (const piece of text) io.stdout.write(asText(piece));
    return;
  }
  const target = realPath(file);
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(target);
  } catch {
    stats = undefined;
  }
  if (stats?.isDirectory()) {
    throw new UsageError(`${flag} ${file}: that is a folder`, { hint: 'give a file name, e.g. report.json' });
  }
  if (stats !== undefined && !stats.isFile()) {
    let fd: number | undefined;
    try {
      fd = openSync(target, 'w');
      writePieces(fd, text);
    } catch (error) {
      throw environmentError(error, file) ?? error;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return;
  }
  writeAtomic(target, text);
}

/** The pieces mapped, then joined into writes of about a megabyte (not one system call per piece). */
function* mapPieces<P>(
  pieces: Iterable<P>,
  map: (piece: P) => string | Uint8Array,
): Generator<string | Uint8Array> {
  let gathered: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    const mapped = map(piece);
    if (typeof mapped !== 'string') {
      // Bytes (a block of a streamed report) go as they are, after the text gathered before them.
      if (gathered.length > 0) yield gathered.join('');
      gathered = [];
      length = 0;
      yield mapped;
      continue;
    }
    gathered.push(mapped);
    length += mapped.length;
    if (length < 1 << 20) continue;
    yield gathered.join('');
    gathered = [];
    length = 0;
  }
  if (gathered.length > 0) yield gathered.join('');
}
