import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { ProgressBar } from './progress.js';

/** What a command may touch of the process: streams, environment, and whether they are terminals. */
export interface CliIO {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** A terminal that understands escape codes: a TTY whose TERM is not `dumb`. */
export function isFancyTerminal(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  return tty && io.env.TERM !== 'dumb';
}

/** Colour only on a terminal, never with TERM=dumb or NO_COLOR set (https://no-color.org). */
export function chalkFor(io: CliIO, stream: 'stdout' | 'stderr'): ChalkInstance {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return new Chalk({ level: isFancyTerminal(io, stream) && !noColor ? 1 : 0 });
}

/** The width to lay text out in: the terminal's, else $COLUMNS, else 80. */
export function terminalColumns(io: CliIO, stream: 'stdout' | 'stderr'): number {
  const columns = (stream === 'stdout' ? io.stdout : io.stderr).columns;
  if (typeof columns === 'number' && columns > 0) return columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 80;
}

/** Progress on stderr: a bar on a terminal, a line every few seconds in a log (CI). */
export function progressFor(io: CliIO): ProgressBar {
  const interval = Number(io.env.RAGSEAM_PROGRESS_INTERVAL_MS);
  return new ProgressBar(io.stderr, {
    mode: isFancyTerminal(io, 'stderr') ? 'bar' : 'lines',
    columns: terminalColumns(io, 'stderr'),
    ...(Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {}),
  });
}

/**
 * A reader that went away (`ragseam ... | head`) is not an error: stop quietly, as Unix tools do.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * Writes a file through a temporary sibling and a rename, so a reader never sees half a file and
 * an interrupted write never destroys the previous one.
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/** What a command prints on stdout: a table for people, or the JSON report. */
export const STDOUT_FORMATS = ['table', 'json'] as const;
export type StdoutFormat = (typeof STDOUT_FORMATS)[number];

/** The `--format` description every command shows. */
export const FORMAT_HELP =
  'stdout format: table | json (default: table; plain text when stdout is not a terminal)';

/**
 * The format a command prints: the one asked for, else JSON when the JSON report itself goes to
 * stdout (`--out -`), else a table (without colour when stdout is not a terminal).
 */
export function stdoutFormat(requested: StdoutFormat | undefined, out?: string): StdoutFormat {
  return requested ?? (out === '-' ? 'json' : 'table');
}
