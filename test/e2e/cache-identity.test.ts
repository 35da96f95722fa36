// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} is the literal syntax users write for environment variables
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allFiles, runCli, tempDir } from '../helpers/cli.js';
import { FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const stacks: FakeStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
});
async function stack(): Promise<FakeStack> {
  const started = await new FakeStack().start();
  stacks.push(started);
  return started;
}

const liveCalls = (stdout: string) => (JSON.parse(stdout) as { run: { liveCalls: number } }).run.liveCalls;

describe('the cache key holds every setting that reaches the generator', () => {
  it('openai.headers values from the environment: another value, another cache; never stored in clear', async () => {
    const server = await stack();
    const dir = tempDir();
    const cache = join(dir, 'cache');
    writeFileSync(
      join(dir, 'ragseam.config.json'),
      JSON.stringify({
        openai: { baseUrl: `${server.url}/v1`, headers: { 'x-deployment': '${DEPLOYMENT}' } },
      }),
    );
    const run = (deployment: string) =>
      runCli(['probe', WORLD_FILE, '-g', 'openai:m', '--cache', cache, '--format', 'json'], {
        cwd: dir,
        env: { DEPLOYMENT: deployment },
      });
    expect(liveCalls((await run('blue-deployment-1')).stdout)).toBeGreaterThan(0);
    expect(liveCalls((await run('blue-deployment-1')).stdout)).toBe(0);
    expect(liveCalls((await run('green-deployment-2')).stdout)).toBeGreaterThan(0);
    for (const text of allFiles(cache)) expect(text).not.toMatch(/blue-deployment|green-deployment/);
  });

  it('${NAME} values in an http URL: another endpoint, another cache', async () => {
    const first = await stack();
    const second = await stack();
    const cache = join(tempDir(), 'cache');
    const run = (base: string) =>
      runCli(
        [
          'probe',
          WORLD_FILE,
          '-g',
          'http:${ANSWER_BASE}/answer',
          '--http-answer-path',
          'result.text',
          '--cache',
          cache,
          '--format',
          'json',
        ],
        {
          env: { ANSWER_BASE: base },
        },
      );
    expect(liveCalls((await run(first.url)).stdout)).toBeGreaterThan(0);
    expect(liveCalls((await run(second.url)).stdout)).toBeGreaterThan(0);
    expect(second.hits).toBeGreaterThan(0);
  });

  it("an exec generator's announced identity is part of the key; one that announces none still runs", async () => {
    const dir = tempDir();
    const reader = join(dir, 'versioned.mjs');
    writeFileSync(
      reader,
      `import { createInterface } from 'node:readline';
import { answer } from ${JSON.stringify(join(process.cwd(), 'fixtures/examples/reader.mjs'))};
createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const reply = request.identify && process.env.WEIGHTS !== undefined
    ? { id: request.id, identity: { model: 'versioned', weights: process.env.WEIGHTS } }
    : { id: request.id, answer: answer(request.question, request.passages) };
  process.stdout.write(JSON.stringify(reply) + '\\n');
});
`,
    );
    const cache = join(dir, 'cache');
    const run = (weights?: string) =>
      runCli(['probe', WORLD_FILE, '-g', `exec:node ${reader}`, '--cache', cache, '--format', 'json'], {
        env: weights === undefined ? {} : { WEIGHTS: weights },
      });
    const first = await run('sha256:aaaa');
    expect(first.code, first.stderr).toBe(0);
    expect(liveCalls(first.stdout)).toBeGreaterThan(0);
    expect(liveCalls((await run('sha256:aaaa')).stdout)).toBe(0);
    // new weights behind the same command and files: nothing is reused
    expect(liveCalls((await run('sha256:bbbb')).stdout)).toBe(liveCalls(first.stdout));
    // announcing nothing (an answer to the empty question instead) is a cache of its own too
    const silent = await run();
    expect(silent.code, silent.stderr).toBe(0);
    expect(liveCalls(silent.stdout)).toBe(liveCalls(first.stdout));
    expect(JSON.parse(silent.stdout).summary).toEqual(JSON.parse(first.stdout).summary);
  });

  it('--cache-salt gives a run a cache of its own', async () => {
    const cache = join(tempDir(), 'cache');
    const run = (...extra: string[]) =>
      runCli(['probe', WORLD_FILE, '-g', READER, '--cache', cache, '--format', 'json', ...extra]);
    const first = await run();
    expect(liveCalls(first.stdout)).toBeGreaterThan(0);
    const salted = await run('--cache-salt', 'model-v2');
    expect(liveCalls(salted.stdout)).toBe(liveCalls(first.stdout));
    expect(liveCalls((await run('--cache-salt', 'model-v2')).stdout)).toBe(0);
  });
});

describe('a run that mostly reuses the cache says so', () => {
  it('how many answers came from the cache and when it was written; a fresh run says nothing', async () => {
    const cache = join(tempDir(), 'cache');
    const run = (...extra: string[]) =>
      runCli(['probe', WORLD_FILE, '-g', READER, '--cache', cache, '--format', 'json', ...extra]);
    const fresh = await run();
    expect(fresh.warnings).toBe('');
    // --no-resume: every question runs again (otherwise the result journal serves them all).
    const again = await run('--no-resume');
    const calls = (JSON.parse(again.stdout) as { run: { cacheHits: number } }).run.cacheHits;
    expect(again.warnings).toMatch(
      new RegExp(
        `^note: ${calls} of ${calls} answers came from the cache \\S+answers-\\w+\\.jsonl, written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC; if the generator has changed since, run with --cache-salt <text> or --no-cache\\n?$`,
      ),
    );
  });
});
