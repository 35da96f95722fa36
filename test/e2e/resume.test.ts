import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

const WORLD = 'fixtures/examples/world.jsonl';
const FAULTY = 'exec:node test/fixtures/faulty-reader.mjs';

function requestsIn(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('an interrupted run resumes from the cache', () => {
  it('after kill -9, the re-run repeats no answered call and reports what an uninterrupted run reports', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const firstLog = join(dir, 'first.jsonl');
    const secondLog = join(dir, 'second.jsonl');
    const args = ['probe', WORLD, '-g', FAULTY, '--cache', cache, '--concurrency', '1', '--format', 'json'];

    const killed = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, READER_LOG: firstLog, READER_DELAY_MS: '25' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => killed.once('close', resolve));
    await waitFor(() => requestsIn(firstLog).length >= 20, 20_000);
    killed.kill('SIGKILL');
    await exited;
    // Let the orphaned generator finish the request it held, so its log is complete.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const firstRequests = requestsIn(firstLog);

    const resumed = await runCli(args, { env: { READER_LOG: secondLog } });
    expect(resumed.code).toBe(0);
    const secondRequests = requestsIn(secondLog);
    const repeated = secondRequests.filter((request) => firstRequests.includes(request));
    // Only a call in flight at the kill (concurrency 1: at most one) may be made again.
    expect(repeated.length).toBeLessThanOrEqual(1);
    expect(firstRequests.length).toBeGreaterThanOrEqual(20);
    expect(secondRequests.length).toBeGreaterThan(0);

    const uninterrupted = await runCli([
      'probe',
      WORLD,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--no-cache',
      '--format',
      'json',
    ]);
    const strip = (text: string) => {
      const report = JSON.parse(text);
      return { summary: report.summary, questions: report.questions };
    };
    expect(strip(resumed.stdout)).toEqual(strip(uninterrupted.stdout));

    // A third run is served entirely from the cache.
    const thirdLog = join(dir, 'third.jsonl');
    const third = await runCli(args, { env: { READER_LOG: thirdLog } });
    expect(third.code).toBe(0);
    expect(requestsIn(thirdLog)).toEqual([]);
    expect(JSON.parse(third.stdout).run.liveCalls).toBe(0);
  });

  it('Ctrl-C stops with exit 130, says how to resume, and the next run makes only the missing calls', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const firstLog = join(dir, 'first.jsonl');
    const secondLog = join(dir, 'second.jsonl');
    const args = ['probe', WORLD, '-g', FAULTY, '--cache', cache, '--concurrency', '1', '--format', 'json'];
    const interrupted = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, READER_LOG: firstLog, READER_DELAY_MS: '25', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    interrupted.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => interrupted.once('close', resolve));
    await waitFor(() => requestsIn(firstLog).length >= 10, 20_000);
    interrupted.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('run the same command again to resume');
    const firstRequests = requestsIn(firstLog);

    const resumed = await runCli(args, { env: { READER_LOG: secondLog } });
    expect(resumed.code).toBe(0);
    const repeated = requestsIn(secondLog).filter((request) => firstRequests.includes(request));
    expect(repeated.length).toBeLessThanOrEqual(1);
    expect(JSON.parse(resumed.stdout).summary.calls).toBe(67);
  });
});
