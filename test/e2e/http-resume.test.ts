import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

const KEY = 'sk-test-resume-0123456789abcdef';
const CONCURRENCY = 2;

const stacks: FakeStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Valid lines in the cache's files: one per answer or retrieval that was received and stored. */
function cachedEntries(dir: string): number {
  return readdirSync(dir)
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => {
      try {
        return typeof JSON.parse(line).k === 'string';
      } catch {
        return false;
      }
    }).length;
}

function successes(server: FakeStack): Set<string> {
  return new Set([...server.requests.entries()].filter(([, log]) => log.successes > 0).map(([key]) => key));
}

function stable(text: string): unknown {
  const { run: _, ...rest } = JSON.parse(text);
  return rest;
}

describe('a run against HTTP providers killed with SIGKILL resumes without repeating answered calls', () => {
  it('repeats only the calls in flight at the kill and reports what an uninterrupted run reports', async () => {
    const server = await new FakeStack({ apiKey: KEY, delayMs: 20 }).start();
    stacks.push(server);
    const config = join(tempDir(), 'ragseam.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        probe: {
          generator: 'openai:resume-model',
          retriever: `http:${server.url}/search`,
          concurrency: CONCURRENCY,
        },
        openai: { baseUrl: `${server.url}/v1` },
        http: {
          retriever: {
            body: { q: '{{question}}', size: '{{top_k}}' },
            passagesPath: 'data.hits',
            textField: 'doc.body',
            idField: 'doc.key',
            titleField: 'doc.heading',
            scoreField: 'relevance',
          },
        },
      }),
    );
    const env = { OPENAI_API_KEY: KEY };
    const args = (cache: string) => [
      'probe',
      WORLD_FILE,
      '--config',
      config,
      '--cache',
      cache,
      '--format',
      'json',
    ];

    const reference = await runCli(args(tempDir()), { env });
    // The config file moves openai.baseUrl, so ragseam says where the key goes (and nothing else).
    expect(reference.warnings).toBe(
      `note: ${config} sets openai.baseUrl: the API key ($OPENAI_API_KEY) is sent to ${server.url}/v1`,
    );
    expect(reference.code).toBe(0);
    const distinct = server.requests.size;
    server.reset();

    const cache = tempDir();
    const killed = spawn(process.execPath, [BIN, ...args(cache)], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => killed.once('close', resolve));
    // Past the retrievals and the baselines, in the middle of the probes.
    await waitFor(() => successes(server).size >= 24, 20_000);
    killed.kill('SIGKILL');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const firstRun = successes(server);
    const cached = cachedEntries(cache);
    expect(cached).toBeGreaterThanOrEqual(20);
    expect(cached).toBeLessThan(distinct);
    // What the server answered but the killed run never stored: only calls in flight at the kill.
    expect(firstRun.size - cached).toBeLessThanOrEqual(CONCURRENCY);

    server.reset();
    const resumed = await runCli(args(cache), { env });
    expect(resumed.code).toBe(0);
    // Exactly the calls the cache lacked, each once; nothing stored is asked again.
    expect(server.hits).toBe(distinct - cached);
    const repeated = [...successes(server)].filter((key) => firstRun.has(key));
    expect(repeated.length).toBe(firstRun.size - cached);
    expect(stable(resumed.stdout)).toEqual(stable(reference.stdout));
    expect(JSON.parse(resumed.stdout).run.liveCalls).toBeLessThan(distinct);

    for (const text of [
      resumed.stdout,
      resumed.stderr,
      ...readdirSync(cache).map((f) => readFileSync(join(cache, f), 'utf8')),
    ]) {
      expect(text).not.toContain(KEY);
    }
  });
});
