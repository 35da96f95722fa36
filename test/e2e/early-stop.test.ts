import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeStationDataset } from '../helpers/datasets.js';

const READER = 'exec:node fixtures/examples/reader.mjs';

describe('probe --early-stop', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('stops a clear pass early, reports the calls saved, and decides as the full run does', async () => {
    // 1 in 10 questions parametric: full-run reliance 0.9.
    const dataset = writeStationDataset(dir, 300, 10);
    const out = join(dir, 'early.json');
    const early = await runCli([
      'probe',
      dataset,
      '-g',
      READER,
      '--no-cache',
      '--fail-under',
      'reliance=0.7',
      '--early-stop',
      '-o',
      out,
      '--format',
      'table',
    ]);
    expect(early.warnings).toBe('');
    expect(early.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.earlyStop).toMatchObject({
      rule: 'betting confidence sequence',
      target: 'full-run value',
      stoppedEarly: true,
      decision: 'pass',
      questionsTotal: 300,
    });
    expect(report.earlyStop.questionsProbed).toBeLessThan(300);
    expect(report.questions).toHaveLength(report.earlyStop.questionsProbed);
    expect(report.earlyStop.callsSaved.min).toBeGreaterThan(0);
    expect(report.gates[0]).toMatchObject({ passed: true, sequence: { decision: 'pass', decisive: true } });
    expect(report.gates[0].sequence.interval[0]).toBeGreaterThan(0.7);
    expect(early.stdout).toMatch(/early stop: decided pass after \d+ of 300 questions/);

    const full = await runCli([
      'probe',
      dataset,
      '-g',
      READER,
      '--no-cache',
      '--fail-under',
      'reliance=0.7',
      '--format',
      'json',
    ]);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout).summary.reliance.value).toBeCloseTo(0.9, 10);
    // Same questions, same answers: an early-stopped question's results equal the full run's.
    const fullById = new Map(JSON.parse(full.stdout).questions.map((q: { id: string }) => [q.id, q]));
    for (const question of report.questions) expect(question).toEqual(fullById.get(question.id));
  });

  it('stops a clear failure early with exit 1 and the same seed gives the same report', async () => {
    // Every other question parametric: reliance 0.5 against a floor of 0.8.
    const dataset = writeStationDataset(dir, 300, 2);
    const args = [
      'probe',
      dataset,
      '-g',
      READER,
      '--no-cache',
      '--fail-under',
      'reliance=0.8',
      '--max',
      'instability=0.2',
      '--early-stop',
      '--format',
      'json',
      '--seed',
      '3',
    ];
    const first = await runCli(args);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.earlyStop).toMatchObject({ stoppedEarly: true, decision: 'fail' });
    const reliance = report.gates.find((g: { metric: string }) => g.metric === 'reliance');
    expect(reliance).toMatchObject({ passed: false, sequence: { decision: 'fail', decisive: true } });
    expect(reliance.sequence.interval[1]).toBeLessThan(0.8);
    const again = JSON.parse((await runCli(args)).stdout);
    expect(again.earlyStop.questionsProbed).toBe(report.earlyStop.questionsProbed);
    expect(again.questions.map((q: { id: string }) => q.id)).toEqual(
      report.questions.map((q: { id: string }) => q.id),
    );
  });

  it('runs to the end when the value sits on the threshold, and then the usual gate decides', async () => {
    const dataset = writeStationDataset(dir, 40, 2);
    const result = await runCli([
      'probe',
      dataset,
      '-g',
      READER,
      '--no-cache',
      '--fail-under',
      'reliance=0.5',
      '--early-stop',
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout);
    expect(report.earlyStop).toMatchObject({ stoppedEarly: false, decision: null, questionsProbed: 40 });
    expect(report.gates[0]).toMatchObject({ passed: true, checked: 0.5, basis: 'point' });
    expect(result.code).toBe(0);
  });

  it('needs a gate', async () => {
    const dataset = writeStationDataset(dir, 10, 0);
    const result = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--early-stop']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--early-stop needs a gate');
  });
});
