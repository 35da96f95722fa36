import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// fixtures/examples/world.jsonl with reader.mjs: reliance 0.62 [0.29, 0.90], instability 0.07 [0.00, 0.21].
const RUN = [
  'probe',
  'fixtures/examples/world.jsonl',
  '-g',
  'exec:node fixtures/examples/reader.mjs',
  '--no-cache',
];

describe('gates on the command line', () => {
  it('passes on the point value and fails on the conservative end of the interval', async () => {
    const gates = ['--fail-under', '0.5', '--max', 'instability=0.1', '--format', 'table'];
    const point = await runCli([...RUN, ...gates]);
    expect(point.code).toBe(0);
    expect(point.stdout).toContain('gate reliance >= 0.5: passed by 0.12; value 0.62 [0.29, 0.90], n=7');
    expect(point.stdout).toContain('gate instability <= 0.1: passed by 0.03; value 0.07 [0.00, 0.21], n=7');

    const bound = await runCli([...RUN, ...gates, '--gate-on', 'lower-bound']);
    expect(bound.code).toBe(1);
    expect(bound.stdout).toContain(
      'gate reliance >= 0.5: failed by 0.21 (lower end of the 95% CI 0.29); value 0.62 [0.29, 0.90], n=7',
    );
    expect(bound.stdout).toContain(
      'gate instability <= 0.1: failed by 0.11 (upper end of the 95% CI 0.21); value 0.07 [0.00, 0.21], n=7',
    );
  });

  it('puts every gate in the JSON report with what was checked', async () => {
    const result = await runCli([...RUN, '--fail-under', 'reliance=0.7,adoption=0.5', '--format', 'json']);
    expect(result.code).toBe(1);
    const [reliance, adoption] = JSON.parse(result.stdout).gates;
    expect(reliance).toMatchObject({
      metric: 'reliance',
      kind: 'min',
      threshold: 0.7,
      basis: 'point',
      passed: false,
      n: 7,
    });
    expect(reliance.by).toBeCloseTo(0.7 - reliance.value, 12);
    expect(adoption).toMatchObject({ metric: 'adoption', passed: true, by: null });
  });

  it('refuses gates it cannot check', async () => {
    const bad = await runCli([...RUN, '--max', '0.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max needs metric=value pairs');
    const basis = await runCli([...RUN, '--fail-under', '0.5', '--gate-on', 'upper']);
    expect(basis.code).toBe(2);
  });
});
