import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import type { Summary } from '../../src/model/report.js';
import { describeGate } from '../../src/report/gate-text.js';
import { checkGate, evaluateGates, parseGates } from '../../src/verdicts/gates.js';

const summary: Summary = {
  questions: 10,
  reliance: { value: 0.62, ci95: [0.48, 0.75], n: 10 },
  adoption: { value: 0.55, ci95: [0.4, 0.7], n: 8 },
  instability: { value: 0.05, ci95: [0, 0.12], n: 10 },
  influenceByRank: [0.5, 0.2],
  topPassageUse: 0.5,
  deadPassageRate: 0.65,
  diagnoses: { grounded: 5, partial: 2, parametric: 2, brittle: 1, unscored: 0 },
  probes: {},
};

describe('parseGates', () => {
  it('reads a bare number as a reliance floor', () => {
    expect(parseGates('0.7', 'min', '--fail-under')).toEqual([
      { metric: 'reliance', kind: 'min', threshold: 0.7 },
    ]);
  });
  it('reads metric=value pairs for both flags', () => {
    expect(parseGates('reliance=0.7, adoption=0.5', 'min', '--fail-under')).toEqual([
      { metric: 'reliance', kind: 'min', threshold: 0.7 },
      { metric: 'adoption', kind: 'min', threshold: 0.5 },
    ]);
    expect(parseGates('instability=0.1', 'max', '--max')).toEqual([
      { metric: 'instability', kind: 'max', threshold: 0.1 },
    ]);
  });
  it.each([
    ['0.1', 'max', /needs metric=value pairs/],
    ['relevance=0.5', 'min', /unknown metric "relevance"/],
    ['reliance=', 'min', /needs a number/],
    ['reliance=abc', 'min', /needs a number/],
    ['reliance=1.5', 'min', /outside 0..1/],
    ['reliance=0.5,reliance=0.6', 'min', /given twice/],
  ] as const)('rejects %s', (text, kind, message) => {
    expect(() => parseGates(text, kind, '--flag')).toThrow(UsageError);
    expect(() => parseGates(text, kind, '--flag')).toThrow(message);
  });
});

describe('evaluateGates', () => {
  it('checks the point value by default and says by how much', () => {
    const [floor, ceiling] = evaluateGates(summary, [
      { metric: 'reliance', kind: 'min', threshold: 0.7 },
      { metric: 'instability', kind: 'max', threshold: 0.1 },
    ]);
    expect(floor).toMatchObject({ basis: 'point', checked: 0.62, passed: false, ci95: [0.48, 0.75], n: 10 });
    expect(floor?.by).toBeCloseTo(0.08, 10);
    expect(floor?.margin).toBeCloseTo(-0.08, 10);
    expect(ceiling).toMatchObject({ checked: 0.05, passed: true, by: null });
    expect(ceiling?.margin).toBeCloseTo(0.05, 10);
  });

  it('checks the conservative end of the interval on lower-bound: lower for min, upper for max', () => {
    const [floor, ceiling] = evaluateGates(
      summary,
      [
        { metric: 'reliance', kind: 'min', threshold: 0.5 },
        { metric: 'instability', kind: 'max', threshold: 0.1 },
      ],
      { basis: 'lower-bound' },
    );
    expect(floor).toMatchObject({ basis: 'lower-bound', checked: 0.48, passed: false });
    expect(floor?.by).toBeCloseTo(0.02, 10);
    expect(ceiling).toMatchObject({ checked: 0.12, passed: false });
    expect(ceiling?.by).toBeCloseTo(0.02, 10);
    expect(describeGate(floor as never)).toBe(
      'gate reliance >= 0.5: failed by 0.02 (lower end of the 95% CI 0.48); value 0.62 [0.48, 0.75], n=10',
    );
  });

  it('passes a value exactly at the threshold and fails a metric with no value', () => {
    expect(
      checkGate(
        { metric: 'reliance', kind: 'min', threshold: 0.7 },
        { value: 0.7, ci95: null, n: 3 },
        'point',
      ).passed,
    ).toBe(true);
    const none = checkGate(
      { metric: 'adoption', kind: 'min', threshold: 0.1 },
      { value: null, ci95: null, n: 0 },
      'lower-bound',
    );
    expect(none).toMatchObject({ passed: false, checked: null, by: null, margin: null });
    expect(describeGate(none)).toContain('failed: the metric has no value');
  });

  it('bootstraps an interval for metrics the summary gives as points, when the questions are at hand', () => {
    const loo = (rank: number, changed: boolean) => ({
      probe: 'leave-one-out' as const,
      family: 'attribution' as const,
      applicable: true,
      rank,
      changed,
    });
    const questions = [
      { reliance: 1, instability: 0, probes: [loo(1, true), loo(2, false)] },
      { reliance: 1, instability: 0, probes: [loo(1, false), loo(2, false)] },
      { reliance: 0, instability: 0, probes: [loo(1, true), loo(2, true)] },
    ];
    const [dead] = evaluateGates(
      { ...summary, deadPassageRate: 0.5 },
      [{ metric: 'deadPassageRate', kind: 'max', threshold: 0.9 }],
      { basis: 'lower-bound', questions, seed: 1, resamples: 200 },
    );
    expect(dead?.value).toBe(0.5);
    expect(dead?.ci95).not.toBeNull();
    expect(dead?.checked).toBe(dead?.ci95?.[1]);
  });
});
