import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/generators/registry.js';
import { isScoringGenerator } from '../../src/generators/types.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { WORLD_FILE } from '../helpers/http-stack.js';

interface Probe {
  probe: string;
  answer?: string;
  a0Logprob?: number;
  probabilityDrop?: number;
}
interface Report {
  summary: {
    reliance: { value: number };
    effectSizes?: { scoring: string; reliance: { value: number | null }; baselineProbability: number };
  };
  questions: {
    question: string;
    baseline: string;
    a0Logprob?: number;
    effects?: { reliance: number | null };
    probes: Probe[];
  }[];
}

const run = (generator: string, ...extra: string[]) =>
  runCli(['probe', WORLD_FILE, '-g', generator, '--no-cache', '--format', 'json', ...extra]);

describe('effect sizes through the exec protocol', () => {
  it('scores a0 with scoring requests the program answers', async () => {
    const result = await run('exec:node test/fixtures/scoring-reader.mjs', '--effect-sizes');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.summary.effectSizes?.scoring).toBe('teacher-forced');
    expect(report.summary.effectSizes?.baselineProbability).toBeCloseTo(0.9, 10);
    const lighthouse = report.questions.find((q) => q.baseline === 'Ilse Marrow');
    expect(lighthouse?.a0Logprob).toBeCloseTo(Math.log(0.9), 10);
    // Without passages it answers "unknown": P(a0) falls from 0.9 to 0.05.
    const remove = lighthouse?.probes.find((p) => p.probe === 'remove');
    expect(remove?.answer).toBe('unknown');
    expect(remove?.probabilityDrop).toBeCloseTo(0.85, 10);
    // A memorised answer does not move: its continuous reliance is 0, as its binary one.
    const france = report.questions.find((q) => q.question === 'What is the capital of France?');
    expect(france?.effects?.reliance).toBe(0);
    // Drops are 0.85 or 0 here, so the continuous reliance is 0.85 × the binary one.
    expect(report.summary.effectSizes?.reliance.value).toBeCloseTo(0.85 * report.summary.reliance.value, 10);
  }, 60_000);

  it('a program that does not answer scoring requests stops the run with a hint', async () => {
    const result = await run('exec:node fixtures/examples/reader.mjs', '--effect-sizes');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('a scoring request needs "logprob"');
    expect(result.stderr).toContain('--no-effect-sizes');
  }, 60_000);

  it('--dry-run counts the scoring calls beside the generator calls', async () => {
    const scored = await run('exec:node test/fixtures/scoring-reader.mjs', '--effect-sizes', '--dry-run');
    const plain = await run('exec:node test/fixtures/scoring-reader.mjs', '--dry-run');
    const estimate = JSON.parse(scored.stdout) as { calls: { max: number }; scoringCalls?: { max: number } };
    expect(estimate.scoringCalls?.max).toBe(estimate.calls.max);
    expect((JSON.parse(plain.stdout) as { scoringCalls?: unknown }).scoringCalls).toBeUndefined();
    const text = await runCli(['probe', WORLD_FILE, '-g', 'exec:node x.mjs', '--effect-sizes', '--dry-run']);
    expect(text.stdout).toContain(`scoring calls (effect sizes): at most ${estimate.calls.max}`);
  }, 60_000);

  it('shards merge into the unsharded effect sizes', async () => {
    const dir = tempDir();
    const scorer = 'exec:node test/fixtures/scoring-reader.mjs';
    const whole = JSON.parse((await run(scorer, '--effect-sizes')).stdout) as Report & { run: unknown };
    const files = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const [index, out] of files.entries())
      await run(scorer, '--effect-sizes', '--shard', `${index + 1}/2`, '--out', out);
    const merged = await runCli(['merge', ...files, '--format', 'json']);
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.stdout) as typeof whole;
    expect(report.summary).toEqual(whole.summary);
    expect(report.questions).toEqual(whole.questions);
  }, 60_000);

  it('an exec generator takes scoring requests only when the run asks for effect sizes', async () => {
    const spec = 'exec:node test/fixtures/scoring-reader.mjs';
    const plain = await createGenerator(spec, { timeoutMs: 5000 });
    const scoring = await createGenerator(spec, { timeoutMs: 5000, scoreAnswers: true });
    try {
      // Sentence attribution and effect sizes both check this before sending scoring requests.
      expect(isScoringGenerator(plain)).toBe(false);
      expect(isScoringGenerator(scoring) && scoring.scoring).toBe('teacher-forced');
    } finally {
      await Promise.all([plain.close?.(), scoring.close?.()]);
    }
  });
});
