import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';

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

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function chalkFor(io: CliIO, stream: 'stdout' | 'stderr'): ChalkInstance {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return new Chalk({ level: tty && !noColor ? 1 : 0 });
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
export const FORMAT_HELP = 'stdout format: table | json (default: table on a terminal, else json)';

/** The format a command prints: the one asked for, else a table on a terminal and JSON otherwise. */
export function stdoutFormat(requested: StdoutFormat | undefined, io: CliIO): StdoutFormat {
  return requested ?? (io.stdoutIsTTY ? 'table' : 'json');
}
