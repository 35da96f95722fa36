// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} is the literal syntax users write for environment variables
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allFiles, type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { ALL_FAULTS, FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

const TOKEN = 'svc-token-7f3a9c1e5b2d-never-print-me';
const READER = 'exec:node fixtures/examples/reader.mjs';

interface Report {
  settings: Record<string, unknown>;
  summary: Record<string, unknown>;
  questions: { passages: { id: string; title?: string; score?: number }[] }[];
  run: { retried: number };
}

function stable(report: Report): Omit<Report, 'run'> {
  const { run: _, ...rest } = report;
  return rest;
}

const CONFIG = {
  http: {
    generator: {
      body: { question: '{{question}}', passages: '{{passages}}', k: '{{top_k}}' },
      answerPath: 'result.text',
      headers: { 'X-Token': '${STACK_TOKEN}' },
    },
    retriever: {
      body: { q: '{{question}}', size: '{{top_k}}' },
      passagesPath: 'data.hits',
      textField: 'doc.body',
      idField: 'doc.key',
      titleField: 'doc.heading',
      scoreField: 'relevance',
      headers: { 'X-Token': '${STACK_TOKEN}' },
    },
  },
};

const stacks: FakeStack[] = [];
async function stack(options: ConstructorParameters<typeof FakeStack>[0] = {}): Promise<FakeStack> {
  const started = await new FakeStack(options).start();
  stacks.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

function writeConfig(): string {
  const file = join(tempDir(), 'ragseam.config.json');
  writeFileSync(file, `// the custom services of the test stack\n${JSON.stringify(CONFIG, null, 2)}\n`);
  return file;
}

function probe(server: FakeStack, config: string, cache: string, ...extra: string[]): Promise<CliResult> {
  return runCli(
    [
      'probe',
      WORLD_FILE,
      '--config',
      config,
      '-g',
      `http:${server.url}/answer`,
      '-r',
      `http:${server.url}/search`,
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
    { env: { STACK_TOKEN: TOKEN } },
  );
}

describe('http generator and http retriever against custom services on 127.0.0.1', () => {
  it('maps bodies and responses from the config file, and gives the same report with every fault injected', async () => {
    const config = writeConfig();
    const clean = await stack();
    const cleanCache = tempDir();
    const first = await probe(clean, config, cleanCache);
    expect(first.warnings).toBe('');
    expect(first.code).toBe(0);
    const cleanReport = JSON.parse(first.stdout) as Report;
    expect(cleanReport.settings.generator).toBe(`http:${clean.url}/answer`);
    expect(cleanReport.settings.retriever).toBe(`http:${clean.url}/search`);
    expect(clean.lastHeaders['x-token']).toBe(TOKEN);
    // The search service's passages, mapped: ids, titles and scores from nested fields.
    expect(cleanReport.questions[0]?.passages.map((p) => [p.id, p.title, p.score])).toEqual([
      ['p-varn-history', 'Varn Lighthouse', 10],
      ['p-varn-keeper', 'Varn Lighthouse', 9],
      ['p-varn-light', 'Varn Lighthouse', 8],
    ]);
    const exec = JSON.parse(
      (await runCli(['probe', WORLD_FILE, '-g', READER, '--no-cache', '--format', 'json'])).stdout,
    );
    expect(cleanReport.summary).toEqual(exec.summary);

    const faulty = await stack({ faultEvery: 2, faults: ALL_FAULTS, slowMs: 2500 });
    const faultyCache = tempDir();
    const second = await probe(faulty, config, faultyCache);
    expect(second.code).toBe(0);
    const faultyReport = JSON.parse(second.stdout) as Report;
    // The same report apart from the server URL (two servers, two ports).
    expect(JSON.stringify(stable(faultyReport)).replaceAll(faulty.url, 'URL')).toBe(
      JSON.stringify(stable(cleanReport)).replaceAll(clean.url, 'URL'),
    );

    const logs = [...faulty.requests.entries()];
    const injected = logs.flatMap(([, log]) => log.faults);
    expect(new Set(injected)).toEqual(new Set(ALL_FAULTS));
    expect(logs.some(([key, log]) => key.startsWith('/search') && log.faults.length > 0)).toBe(true);
    expect(logs.some(([key, log]) => key.startsWith('/answer') && log.faults.length > 0)).toBe(true);
    for (const [, log] of logs) expect(log.hits).toBe(log.faults.length + 1);
    expect(logs.length).toBe(clean.requests.size);

    for (const text of [
      first.stdout,
      first.stderr,
      second.stdout,
      second.stderr,
      ...allFiles(cleanCache),
      ...allFiles(faultyCache),
    ]) {
      expect(text).not.toContain(TOKEN);
    }

    // A second run answers everything, retrievals included, from the cache.
    const before = faulty.hits;
    const third = await probe(faulty, config, faultyCache);
    expect(third.code).toBe(0);
    expect(faulty.hits).toBe(before);
    expect(stable(JSON.parse(third.stdout))).toEqual(stable(faultyReport));
  });

  it('takes the answer path and headers from flags, and names a wrong JSON path with an excerpt of the body', async () => {
    const server = await stack();
    const ok = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        `http:${server.url}/answer`,
        '--http-answer-path',
        'result.text',
        '--http-header',
        'X-Token: ${STACK_TOKEN}',
        '--no-cache',
        '--format',
        'json',
        '--probes',
        'remove,swap',
      ],
      { env: { STACK_TOKEN: TOKEN } },
    );
    expect(ok.warnings).toBe('');
    expect(ok.code).toBe(0);
    expect(server.lastHeaders['x-token']).toBe(TOKEN);

    const wrong = await runCli([
      'probe',
      WORLD_FILE,
      '-g',
      `http:${server.url}/answer`,
      '--http-answer-path',
      'choices[0].text',
      '--no-cache',
      '--retries',
      '0',
      '--max-consecutive-failures',
      '3',
    ]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain(
      `POST ${server.url}/answer returned 200: no value at choices[0].text: {"result":{"text":`,
    );
    expect(wrong.stderr).toContain('run the same command again to resume');
  });

  it('stops the run with exit 3 when a retrieval keeps failing, and says how to resume', async () => {
    const server = await stack();
    const config = writeConfig();
    const result = await runCli(
      [
        'probe',
        WORLD_FILE,
        '--config',
        config,
        '-g',
        READER,
        '-r',
        `http:${server.url}/nowhere`,
        '--no-cache',
        '--retries',
        '1',
        '--backoff-ms',
        '5',
      ],
      { env: { STACK_TOKEN: TOKEN } },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `retriever http:${server.url}/nowhere: POST ${server.url}/nowhere returned 200: no value at data.hits`,
    );
    expect(result.stderr).toContain('run the same command again to resume');
  });

  it('reports a config file with a typo or a wrong type as exit 2 naming the key', async () => {
    const file = join(tempDir(), 'ragseam.config.json');
    writeFileSync(
      file,
      JSON.stringify({ probe: { concurency: 4, topK: 'five' }, http: { retriever: { passagePath: 'x' } } }),
    );
    const result = await runCli(['probe', WORLD_FILE, '-g', READER, '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('probe: unknown key "concurency"');
    expect(result.stderr).toContain('probe.topK: expected number, received string');
    expect(result.stderr).toContain('http.retriever: unknown key "passagePath"');
  });
});
