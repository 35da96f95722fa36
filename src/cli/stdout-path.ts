// Apart from output-file.ts so that io.ts, on every command's start-up path, does not load node:crypto.

/** Paths that name the process's own stdout. */
const STDOUT_PATHS = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

/** Whether an output path names stdout (`-`, `/dev/stdout`, …): the report then goes to stdout as JSON. */
export function isStdoutPath(file: string | undefined): boolean {
  return file !== undefined && STDOUT_PATHS.has(file);
}
