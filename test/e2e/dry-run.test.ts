import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

describe('probe --dry-run', () => {
  it('counts exactly the calls the run makes when every target comes from a gold answer', async () => {
    const dry = await runCli([
      'probe',
      'fixtures/examples/world.jsonl',
      '-g',
      READER,
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(dry.code).toBe(0);
    const estimate = JSON.parse(dry.stdout);
    const real = JSON.parse(
      (
        await runCli([
          'probe',
          'fixtures/examples/world.jsonl',
          '-g',
          READER,
          '--no-cache',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(estimate.calls).toEqual({ min: real.summary.calls, max: real.summary.calls });
    expect(estimate.byProbe['leave-one-out']).toEqual({ min: 13, max: 13 });
    expect(estimate.promptTokens.min).toBeGreaterThan(0);
    expect(estimate.questions).toBe(8);
  });

  it('gives bounds that hold when targets and pool answers wait on baselines, and starts no generator', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'no-gold.jsonl');
    const lines = ['Varn Lighthouse', 'Tessel Guild', 'Omen Hill'].map((place, i) =>
      JSON.stringify({
        id: `n${i}`,
        question: `What is the keeper of ${place}?`,
        passages: [
          { id: `n${i}-1`, text: `The keeper of ${place} is Person${i}.` },
          { id: `n${i}-2`, text: `${place} is old.` },
        ],
      }),
    );
    writeFileSync(dataset, `${lines.join('\n')}\n`);
    // A generator command that does not exist: a dry run must not try to start it.
    const dry = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:/nonexistent/generator',
      '--dry-run',
      '--format',
      'table',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/generator calls: between \d+-\d+/);
    expect(dry.stdout).toContain('no gold answer in their passages');
    const estimate = JSON.parse(
      (await runCli(['probe', dataset, '-g', READER, '--dry-run', '--format', 'json'])).stdout,
    );
    const real = JSON.parse(
      (await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'json'])).stdout,
    );
    expect(estimate.calls.min).toBeLessThan(estimate.calls.max);
    expect(real.summary.calls).toBeGreaterThanOrEqual(estimate.calls.min);
    expect(real.summary.calls).toBeLessThanOrEqual(estimate.calls.max);
  });

  it('refuses an unknown generator kind', async () => {
    const result = await runCli(['probe', 'fixtures/examples/world.jsonl', '-g', 'nope:x', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown generator kind "nope"');
  });
});
