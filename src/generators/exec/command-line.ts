import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'shell-quote';

/**
 * Splits a command line the way a POSIX shell would (quotes and escapes respected) without
 * running a shell: `$VAR` stays literal and operators (|, &&, >, ...) are refused, returned as
 * an error message.
 */
export function splitCommandLine(commandLine: string): { argv: string[] } | { error: string } {
  const tokens = parse(commandLine, (name) => `$${name}`);
  const argv: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') {
      argv.push(token);
      continue;
    }
    const operator = 'op' in token ? token.op : 'comment' in token ? '#' : '?';
    return { error: `the command line uses the shell operator "${operator}", but it is run without a shell` };
  }
  if (argv.length === 0) return { error: 'the command line is empty' };
  return { argv };
}

const MAX_HASHED_BYTES = 16 * 1024 * 1024;

/**
 * A fingerprint of the files a command line names (scripts, model files), so editing the
 * script invalidates cached answers. Arguments that are not readable files are ignored.
 */
export function fingerprintFiles(argv: readonly string[]): string {
  const hash = createHash('sha256');
  for (const argument of argv) {
    try {
      const stats = statSync(argument);
      if (!stats.isFile() || stats.size > MAX_HASHED_BYTES) continue;
      hash.update(argument).update('\0').update(readFileSync(argument)).update('\0');
    } catch {
      // Not a file: part of the id already.
    }
  }
  return hash.digest('hex').slice(0, 16);
}
