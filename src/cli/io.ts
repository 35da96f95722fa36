import { Chalk, type ChalkInstance } from 'chalk';
import { OutputGuard } from './output-guard.js';
import { ProgressBar } from './progress.js';
import { isStdoutPath } from './stdout-path.js';

/** Somewhere text is written: stdout, stderr. */
export interface OutputStream {
  write(text: string): unknown;
}

/** What a command may touch of the process: streams, environment, and whether they are terminals. */
export interface CliIO {
  /** stdout and stderr pass every text through {@link guard} (redaction, control characters). */
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** stderr as is, for the progress bar's own cursor movements only. */
  readonly progress: OutputStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The terminal's width, when stdout or stderr is a terminal. */
  readonly stdoutColumns?: number | undefined;
  readonly stderrColumns?: number | undefined;
  /** The one redaction and escaping step every output passes, report files included. */
  readonly guard: OutputGuard;
}

/** A stream whose every write goes through the guard first. */
export function guardedStream(stream: OutputStream, guard: OutputGuard): OutputStream {
  return { write: (text: string) => stream.write(guard.clean(text)) };
}

export function processIO(): CliIO {
  const guard = new OutputGuard(process.env);
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    stdout: guardedStream(process.stdout, guard),
    stderr: guardedStream(process.stderr, guard),
    progress: process.stderr,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutColumns: process.stdout.columns,
    stderrColumns: process.stderr.columns,
    guard,
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
  const columns = stream === 'stdout' ? io.stdoutColumns : io.stderrColumns;
  if (typeof columns === 'number' && columns > 0) return columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 80;
}

/** Progress on stderr: a bar on a terminal, a line every few seconds in a log (CI). */
export function progressFor(io: CliIO): ProgressBar {
  const interval = Number(io.env.RAGSEAM_PROGRESS_INTERVAL_MS);
  return new ProgressBar(io.progress, {
    mode: isFancyTerminal(io, 'stderr') ? 'bar' : 'lines',
    columns: terminalColumns(io, 'stderr'),
    ...(Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {}),
  });
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
  return requested ?? (isStdoutPath(out) ? 'json' : 'table');
}
