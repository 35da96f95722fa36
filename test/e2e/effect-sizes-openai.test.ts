import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/generators/registry.js';
import { isScoringGenerator, type ScoringGenerator } from '../../src/generators/types.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { CompletionsServer, IN_PASSAGES, NOT_IN_PASSAGES } from '../helpers/completions-server.js';
import { FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

interface Probe {
  probe: string;
  answer?: string;
  a0Logprob?: number;
  probabilityDrop?: number;
}
interface Report {
  summary: { effectSizes?: { scoring: string; reliance: { value: number | null; n: number } } };
  questions: { id: string; baseline: string; a0Logprob?: number; probes: Probe[] }[];
  run: { liveCalls: number; cacheHits: number; scoring?: { liveCalls: number; cacheHits: number } };
}

let server: CompletionsServer;
beforeAll(async () => {
  server = await new CompletionsServer().start();
});
afterAll(async () => {
  await server.stop();
});

function probe(cache: string, ...extra: string[]) {
  const config = join(tempDir(), 'ragseam.config.json');
  writeFileSync(config, JSON.stringify({ openai: { api: 'completions' } }));
  return runCli([
    'probe',
    WORLD_FILE,
    '-g',
    'openai:test-model',
    '--base-url',
    `${server.url}/v1`,
    '--config',
    config,
    '--cache',
    cache,
    '--format',
    'json',
    ...extra,
  ]);
}

describe('effect sizes from a completions server that echoes prompt log-probabilities', () => {
  it('scores a0 by teacher forcing under every probe, from the cache on a rerun', async () => {
    const cache = tempDir();
    const first = await probe(cache, '--effect-sizes');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.summary.effectSizes?.scoring).toBe('teacher-forced');
    const lighthouse = report.questions.find((q) => q.baseline === 'Ilse Marrow');
    expect(lighthouse).toBeDefined();
    // Both answer words are in the passages: log 0.9 each, whatever the tokens before them.
    expect(lighthouse?.a0Logprob).toBeCloseTo(2 * IN_PASSAGES, 10);
    const remove = lighthouse?.probes.find((p) => p.probe === 'remove');
    expect(remove?.a0Logprob).toBeCloseTo(2 * NOT_IN_PASSAGES, 10);
    expect(remove?.probabilityDrop).toBeCloseTo(0.81 - 0.0025, 10);
    expect(report.summary.effectSizes?.reliance.n).toBeGreaterThan(0);
    const scoring = report.run.scoring;
    expect(scoring?.liveCalls).toBe(server.counts.echo);
    expect(server.counts.echo).toBeGreaterThan(report.questions.length);

    // A rerun answers and scores everything from the cache: no request reaches the server.
    const before = { ...server.counts };
    const again = await probe(cache, '--effect-sizes');
    const rerun = JSON.parse(again.stdout) as Report;
    expect(server.counts).toEqual(before);
    expect(rerun.run.liveCalls).toBe(0);
    expect(rerun.run.scoring?.liveCalls).toBe(0);
    expect(rerun.questions).toEqual(report.questions);
  }, 60_000);

  it('is off by default for a remote generator: no scoring requests', async () => {
    const before = server.counts.echo;
    const result = await probe(tempDir());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.summary.effectSizes).toBeUndefined();
    expect(report.run.scoring).toBeUndefined();
    expect(server.counts.echo).toBe(before);
  }, 60_000);
});

describe('effect sizes from a chat server that returns only generated-token log-probabilities', () => {
  it("scores a0 from the answers' own log-probabilities, with no extra request", async () => {
    const chat = await new FakeStack({}).start();
    try {
      const result = await runCli([
        'probe',
        WORLD_FILE,
        '-g',
        'openai:test-model',
        '--base-url',
        `${chat.url}/v1`,
        '--no-cache',
        '--format',
        'json',
        '--effect-sizes',
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.summary.effectSizes?.scoring).toBe('generated');
      expect(report.run.scoring).toBeUndefined();
      const lighthouse = report.questions.find((q) => q.baseline === 'Ilse Marrow');
      // The server gives token i the log-probability -0.25 (i + 1): two tokens, -0.75.
      expect(lighthouse?.a0Logprob).toBeCloseTo(-0.75, 10);
      const remove = lighthouse?.probes.find((p) => p.probe === 'remove');
      expect(remove?.answer).toBe('unknown');
      // Another answer: P(a0) counted as 0, the drop is the baseline's whole probability.
      expect(remove?.a0Logprob).toBeUndefined();
      expect(remove?.probabilityDrop).toBeCloseTo(Math.exp(-0.75), 10);
      const shuffle = lighthouse?.probes.find((p) => p.probe === 'shuffle');
      expect(shuffle?.answer).toBe('Ilse Marrow');
      expect(shuffle?.probabilityDrop).toBeCloseTo(0, 10);
    } finally {
      await chat.stop();
    }
  }, 60_000);

  it('its score() gives the log-probability of an answer it generates itself, NaN for another', async () => {
    const chat = await new FakeStack({}).start();
    try {
      const generator = await createGenerator('openai:test-model', {
        timeoutMs: 5000,
        env: {},
        openai: { baseUrl: `${chat.url}/v1` },
      });
      expect(isScoringGenerator(generator) && generator.scoring).toBe('generated');
      const request = {
        question: 'What is the keeper of Varn Lighthouse?',
        passages: [{ id: 'p', text: 'The keeper of Varn Lighthouse is Ilse Marrow.' }],
      };
      const scores = await (generator as ScoringGenerator).score([
        { ...request, answer: 'Ilse Marrow' },
        { ...request, answer: 'Tom Marrow' },
      ]);
      expect(scores[0]).toBeCloseTo(-0.75, 10);
      expect(scores[1]).toBeNaN();
    } finally {
      await chat.stop();
    }
  });
});
