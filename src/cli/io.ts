import { Chalk, type ChalkInstance } from 'chalk';
import { OutputGuard } from './output-guard.js';

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
    guard,
  };
}

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function chalkFor(io: CliIO, stream: 'stdout' | 'stderr'): ChalkInstance {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return new Chalk({ level: tty && !noColor ? 1 : 0 });
}

/** What a command prints on stdout: a table for people, or the JSON report. */
export const STDOUT_FORMATS = ['table', 'json'] as const;
export type StdoutFormat = (typeof STDOUT_FORMATS)[number];

/** The `--format` description every command shows. */
export const FORMAT_HELP = 'stdout format: table | json (default: table on a terminal, else json)';

/** The format a command prints: the one asked for, else a table on a terminal and JSON otherwise. */
export function stdoutFormat(requested: StdoutFormat | undefined, io: CliIO): StdoutFormat {
  return requested ?? (io.stdoutIsTTY ? 'table' : 'json');
}
