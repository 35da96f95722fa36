import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allFiles, type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { ALL_FAULTS, FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

const KEY = 'sk-test-RAGSEAM-secret-0123456789abcdef';
const READER = 'exec:node fixtures/examples/reader.mjs';

interface Report {
  settings: Record<string, unknown>;
  summary: Record<string, unknown> & { calls: number; errors: number };
  questions: {
    id: string;
    baseline: string;
    baselineLogprobs?: number[];
    probes: { logprobs?: number[]; answer?: string }[];
  }[];
  run: { liveCalls: number; retried: number };
}

/** The report without `run` (timings and cache counts), the part that must not vary. */
function stable(report: Report): Omit<Report, 'run'> {
  const { run: _, ...rest } = report;
  return rest;
}

const stacks: FakeStack[] = [];
async function stack(options: ConstructorParameters<typeof FakeStack>[0] = {}): Promise<FakeStack> {
  const started = await new FakeStack({ apiKey: KEY, ...options }).start();
  stacks.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

function openai(server: FakeStack, cache: string, ...extra: string[]): Promise<CliResult> {
  return runCli(
    [
      'probe',
      WORLD_FILE,
      '-g',
      'openai:test-model',
      '--base-url',
      `${server.url}/v1`,
      '--cache',
      cache,
      '--format',
      'json',
      '--timeout-ms',
      '1000',
      '--retries',
      '3',
      '--backoff-ms',
      '20',
      ...extra,
    ],
    { env: { OPENAI_API_KEY: KEY } },
  );
}

describe('openai generator against a chat-completions server on 127.0.0.1', () => {
  it("gives the example reader's numbers, keeps logprobs on every probe, and survives every fault", async () => {
    const clean = await stack();
    const cleanCache = tempDir();
    const first = await openai(clean, cleanCache);
    expect(first.warnings).toBe('');
    expect(first.code).toBe(0);
    const cleanReport = JSON.parse(first.stdout) as Report;

    const exec = await runCli(['probe', WORLD_FILE, '-g', READER, '--no-cache', '--format', 'json']);
    const execReport = JSON.parse(exec.stdout) as Report;
    expect(cleanReport.summary).toEqual(execReport.summary);
    expect(cleanReport.settings.generator).toBe('openai:test-model');
    const answered = cleanReport.questions.flatMap((q) => q.probes.filter((p) => p.answer !== undefined));
    expect(answered.length).toBeGreaterThan(30);
    for (const probe of answered) expect(probe.logprobs?.length).toBeGreaterThan(0);
    expect(cleanReport.questions[0]?.baselineLogprobs).toEqual([-0.25, -0.5]);

    // Every other distinct request fails once, cycling through every fault kind.
    const faulty = await stack({ faultEvery: 2, faults: ALL_FAULTS, slowMs: 2500 });
    const faultyCache = tempDir();
    const out = join(tempDir(), 'report.json');
    const second = await openai(faulty, faultyCache, '--out', out);
    expect(second.code).toBe(0);
    const faultyReport = JSON.parse(second.stdout) as Report;
    expect(stable(faultyReport)).toEqual(stable(cleanReport));
    expect(faultyReport.summary.errors).toBe(0);

    const logs = [...faulty.requests.values()];
    const injected = logs.flatMap((log) => log.faults);
    expect(new Set(injected)).toEqual(new Set(ALL_FAULTS));
    expect(faultyReport.run.retried).toBe(injected.length);
    // Bounded: a faulted request was sent exactly twice, every other exactly once.
    for (const log of logs) expect(log.hits).toBe(log.faults.length + 1);
    expect(logs.length).toBe(clean.requests.size);
    // Retry-After: 1 was honoured.
    for (const log of logs.filter((l) => l.faults[0] === '429')) {
      expect((log.times[1] as number) - (log.times[0] as number)).toBeGreaterThanOrEqual(950);
    }

    // The key is nowhere: not in stdout, stderr, the report or the cache.
    for (const text of [
      first.stdout,
      first.stderr,
      second.stdout,
      second.stderr,
      readFileSync(out, 'utf8'),
    ]) {
      expect(text).not.toContain(KEY);
    }
    for (const text of [...allFiles(cleanCache), ...allFiles(faultyCache)]) expect(text).not.toContain(KEY);
  });

  it('stops with exit 3 and a resume hint when the server keeps sending malformed bodies', async () => {
    const cases = [
      {
        body: '<html>oops, a proxy page</html>',
        says: 'returned 200 a body that is not JSON: <html>oops, a proxy page</html>',
      },
      { body: '{"choices":[]}', says: 'empty "choices" list: {"choices":[]}' },
      { body: '{"object":"error"}', says: 'the response has no "choices"' },
      {
        body: '{"choices":[{"message":{"role":"assistant","content":"  "}}]}',
        says: '"choices[0].message.content" is empty',
      },
    ];
    for (const { body, says } of cases) {
      const server = await stack({ rawChatBody: body });
      const result = await openai(server, tempDir(), '--retries', '1', '--max-consecutive-failures', '4');
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        `openai:test-model: POST ${server.url}/v1/chat/completions returned 200`,
      );
      expect(result.stderr).toContain(says);
      expect(result.stderr).toContain('stopped after 4 failed');
      expect(result.stderr).toContain('run the same command again to resume');
      expect(result.stderr).not.toContain('    at ');
      expect(server.hits).toBeLessThanOrEqual(4 + 3);
    }
  });

  it('stops early with exit 3 when the endpoint is down, naming the cause', async () => {
    const gone = await new FakeStack().start();
    const url = gone.url;
    await gone.stop();
    const result = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:test-model',
        '--base-url',
        `${url}/v1`,
        '--no-cache',
        '--retries',
        '2',
        '--backoff-ms',
        '5',
        '--max-consecutive-failures',
        '6',
      ],
      { env: { OPENAI_API_KEY: KEY } },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'error: stopped after 6 failed openai:test-model generator calls in a row',
    );
    expect(result.stderr).toContain(`connection failed (ECONNREFUSED) (POST ${url}/v1/chat/completions)`);
    expect(result.stderr).toContain('run the same command again to resume');
    expect(result.stdout).toBe('');
  });

  it('spaces requests to --rate-limit per minute', async () => {
    const server = await stack();
    const started = Date.now();
    const result = await openai(
      server,
      tempDir(),
      '--probes',
      'remove',
      '--rate-limit',
      '1200',
      '--concurrency',
      '8',
    );
    expect(result.code).toBe(0);
    const times = [...server.requests.values()].flatMap((log) => log.times).sort((a, b) => a - b);
    // 8 baselines and 8 removals, one of which (the question with no passages) is its baseline.
    expect(times.length).toBe(15);
    // 1200 a minute: one start every 50 ms however many calls may be in flight, so starts 2 to 15
    // span at least 13 intervals (the first fetch also loads the HTTP client; arrivals jitter by
    // a connection set-up, hence the margin).
    const span = (times[times.length - 1] as number) - (times[1] as number);
    expect(span).toBeGreaterThanOrEqual(13 * 50 - 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(14 * 50);
  });

  it('refuses a wrong key at once (401 is fatal) without printing it', async () => {
    const server = await stack();
    const wrong = 'sk-wrong-key-that-must-not-leak-42';
    const result = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:test-model',
        '--base-url',
        `${server.url}/v1`,
        '--no-cache',
        '--format',
        'json',
      ],
      { env: { OPENAI_API_KEY: wrong } },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('returned 401');
    expect(result.stderr).toContain('hint: the server refused the credentials');
    expect(result.stderr + result.stdout).not.toContain(wrong);
    expect(result.stderr).not.toContain('sk-wrong');
    expect(server.hits).toBeLessThanOrEqual(4);
  });

  it('needs the key variable for the OpenAI API, reads it from --api-key-env, and never takes it as a flag', async () => {
    const missing = await runCli(['probe', WORLD_FILE, '-g', 'openai:gpt-4o-mini', '--no-cache'], {
      env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the API key variable OPENAI_API_KEY is not set');

    const server = await stack();
    const named = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:test-model',
        '--no-cache',
        '--format',
        'json',
        '--api-key-env',
        'MY_LLM_KEY',
      ],
      { env: { MY_LLM_KEY: KEY, OPENAI_API_KEY: '', OPENAI_BASE_URL: `${server.url}/v1` } },
    );
    expect(named.warnings).toBe('');
    expect(named.code).toBe(0);
    expect(named.stdout).not.toContain(KEY);
  });

  it('speaks Azure deployment URLs with api-version and the api-key header, and uses a template file', async () => {
    const server = await stack();
    const template = join(tempDir(), 'prompt.txt');
    writeFileSync(template, 'Be terse.\n\nPassages:\n{{passages}}\n\nQuestion: {{question}}\nAnswer:');
    const result = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:my-deployment',
        '--base-url',
        server.url,
        '--api-version',
        '2024-06-01',
        '--no-cache',
        '--format',
        'json',
        '--template',
        template,
        '--probes',
        'remove',
      ],
      { env: { OPENAI_API_KEY: KEY } },
    );
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    expect(new Set(server.routes)).toEqual(
      new Set(['/openai/deployments/my-deployment/chat/completions?api-version=2024-06-01']),
    );
    expect(server.lastPrompt.startsWith('Be terse.\n\nPassages:\n')).toBe(true);
  });
});
