import { spawnSync } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

/** Whether util-linux `script` (a real pseudo-terminal) is available. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Runs the CLI in a real pseudo-terminal (`script`), typing `keys` into it, and returns what the
 * terminal showed (stdout and stderr together, carriage returns removed) with the exit code.
 */
export function typeIntoTerminal(
  args: readonly string[],
  keys: string,
): { screen: string; code: number | null } {
  const command = [process.execPath, BIN, ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const { NO_COLOR: _, ...env } = process.env;
  const result = spawnSync('script', ['-qec', `stty cols 100; ${command}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...env, NO_COLOR: '1' },
    input: keys,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { screen: result.stdout.replaceAll('\r', ''), code: result.status };
}
