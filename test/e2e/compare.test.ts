import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { groundedSpecs, syntheticReport, writeReport } from '../helpers/reports.js';

describe('ragseam compare', () => {
  let dir: string;
  let main: string;
  beforeAll(() => {
    dir = tempDir();
    // 120 questions, 100 grounded: reliance 0.83 on main.
    main = writeReport(dir, 'main.json', syntheticReport(groundedSpecs(120, 100)));
  });

  it('fails on a known significant drop: 30 grounded questions turn parametric', async () => {
    const dropped = writeReport(dir, 'dropped.json', syntheticReport(groundedSpecs(120, 70), 'exec:worse'));
    const result = await runCli([
      'compare',
      main,
      dropped,
      '--fail-on-regression',
      '--format',
      'json',
      '--markdown',
      join(dir, 'c.md'),
    ]);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(1);
    const comparison = JSON.parse(result.stdout);
    const reliance = comparison.metrics.find((m: { metric: string }) => m.metric === 'reliance');
    expect(reliance.delta).toBeCloseTo(-0.25, 10);
    expect(reliance.interval[1]).toBeLessThan(0);
    expect(reliance.adjustedP).toBeLessThan(0.05);
    expect(reliance.regression).toBe(true);
    expect(comparison.settingsChanged).toEqual([
      { setting: 'generator', before: 'exec:synthetic', after: 'exec:worse' },
    ]);
    const remove = comparison.probes.find((p: { probe: string }) => p.probe === 'remove');
    expect(remove).toMatchObject({ pairs: 120, stoppedChanging: 30, startedChanging: 0 });
    expect(remove.pValue).toBeCloseTo(2 / 2 ** 30, 15);
    expect(comparison.diagnosisChanges).toHaveLength(30);
    expect(readFileSync(join(dir, 'c.md'), 'utf8')).toContain(
      '**Significant regression:** reliance, adoption',
    );
  });

  it('passes a drop that is not significant, and one that is significant but within --min-drop', async () => {
    const slight = writeReport(dir, 'slight.json', syntheticReport(groundedSpecs(120, 98)));
    const result = await runCli(['compare', main, slight, '--fail-on-regression', '--format', 'json']);
    expect(result.code).toBe(0);
    const reliance = JSON.parse(result.stdout).metrics.find(
      (m: { metric: string }) => m.metric === 'reliance',
    );
    expect(reliance.delta).toBeLessThan(0);
    expect(reliance.regression).toBe(false);
    expect(reliance.adjustedP).toBeGreaterThan(0.05);

    const dropped = writeReport(dir, 'dropped2.json', syntheticReport(groundedSpecs(120, 70)));
    const tolerant = await runCli([
      'compare',
      main,
      dropped,
      '--fail-on-regression',
      '--min-drop',
      '0.3',
      '--format',
      'table',
    ]);
    expect(tolerant.code).toBe(0);
    expect(tolerant.stdout).toContain('worse, within --min-drop');
    expect(tolerant.stdout).toContain('no significant regression');
  });

  it('lists questions found in only one run instead of dropping them', async () => {
    const other = writeReport(
      dir,
      'other.json',
      syntheticReport([...groundedSpecs(118, 100), ...groundedSpecs(3, 3, 'new')]),
    );
    const result = await runCli(['compare', main, other, '--format', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('118 shared questions (baseline 120, current 121)');
    expect(result.stdout).toContain('only in baseline (2): q118, q119');
    expect(result.stdout).toContain('only in current (3): new0, new1, new2');
  });

  it('says what is wrong with bad input', async () => {
    const disjoint = writeReport(dir, 'disjoint.json', syntheticReport(groundedSpecs(5, 5, 'z')));
    const none = await runCli(['compare', main, disjoint]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('share no question ids');
    const missing = await runCli(['compare', main, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read it/);
    const badMetric = await runCli(['compare', main, main, '--metrics', 'relevance']);
    expect(badMetric.code).toBe(2);
    expect(badMetric.stderr).toContain('unknown metric "relevance"');
  });
});
