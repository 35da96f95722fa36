import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/ragseam.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr without the lines every run writes there: progress, gate verdicts, the exit reason. */
  readonly warnings: string;
}

const PROGRESS_LINE = /^[\w -]*(embed|retrieve|baseline|probes|intervals) \d+\/\d+ \(.*\)$/;
const VERDICT_LINE = /^(ragseam: exit \d+: .*|gate .*)$/;

/** stderr without progress lines, gate lines and the exit reason. */
export function warningsOf(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !PROGRESS_LINE.test(line) && !VERDICT_LINE.test(line))
    .join('\n')
    .trim();
}

/**
 * Runs the built CLI (`node bin/ragseam.js ...`) from the project root, without colour;
 * `nodeArgs` go to node before the script (e.g. `--import` a loader hook).
 */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; nodeArgs?: readonly string[] } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr, warnings: warningsOf(stderr) }));
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'ragseam-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The text of every file under `dir`, for searching a run's outputs (e.g. for a leaked secret). */
export function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}
