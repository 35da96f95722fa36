import { describe, expect, test } from 'vitest';
import {
  adoptionByConfidence,
  confidenceBin,
  type EffectSource,
  probabilityDrop,
  questionEffects,
  summarizeEffects,
} from '../../src/metrics/effect-sizes.js';
import type { CorruptOutcome, Diagnosis, ProbeName, ProbeResult } from '../../src/model/types.js';
import { PROBES } from '../../src/probes/registry.js';

/** An answered probe whose P(a0) fell by `drop` (negative: rose). */
const dropped = (probe: ProbeName, drop: number, outcome?: CorruptOutcome): ProbeResult => ({
  probe,
  family: PROBES[probe].family,
  applicable: true,
  answer: 'a',
  changed: drop > 0.5,
  probabilityDrop: drop,
  ...(outcome === undefined ? {} : { outcome }),
});
const failed = (probe: ProbeName): ProbeResult => ({
  probe,
  family: PROBES[probe].family,
  applicable: true,
  error: 'timeout',
  probabilityDrop: 0.9,
});
const inapplicable = (probe: ProbeName): ProbeResult => ({
  probe,
  family: PROBES[probe].family,
  applicable: false,
  reason: 'no passages',
});
const unmeasured = (probe: ProbeName): ProbeResult => ({
  probe,
  family: PROBES[probe].family,
  applicable: true,
  answer: 'a',
  changed: true,
});

describe('probabilityDrop: P(a0 | baseline) − P(a0 | probe) from log-probabilities', () => {
  const cases: [string, number, number, number][] = [
    ['0.9 to 0.3', Math.log(0.9), Math.log(0.3), 0.6],
    ['unchanged', Math.log(0.4), Math.log(0.4), 0],
    ['rises from 0.2 to 0.5', Math.log(0.2), Math.log(0.5), -0.3],
    ['certain to impossible', 0, Number.NEGATIVE_INFINITY, 1],
  ];
  test.each(cases)('%s', (_, baseline, variant, expected) => {
    expect(probabilityDrop(baseline, variant)).toBeCloseTo(expected, 12);
  });
});

describe('questionEffects: mean clipped drop per family', () => {
  const cases: [string, ProbeResult[], number | null, number | null][] = [
    ['no probes', [], null, null],
    ['one remove', [dropped('remove', 0.6)], 0.6, null],
    ['a rise counts as 0', [dropped('remove', 0.6), dropped('swap', -0.2)], 0.3, null],
    [
      'remove, swap, corrupt',
      [dropped('remove', 0.9), dropped('swap', 0.3), dropped('corrupt', 0)],
      0.4,
      null,
    ],
    [
      'gold and attribution probes are not reliance',
      [dropped('gold', 0.8), dropped('leave-one-out', 0.5), dropped('solo', 1)],
      null,
      null,
    ],
    ['preserving', [dropped('shuffle', 0.1), dropped('distractor', 0.3)], null, 0.2],
    [
      'failed, inapplicable and unmeasured probes are left out',
      [
        failed('remove'),
        inapplicable('swap'),
        unmeasured('corrupt'),
        dropped('remove', 0.5),
        failed('shuffle'),
      ],
      0.5,
      null,
    ],
    ['both families', [dropped('corrupt', 1), dropped('shuffle', -1)], 1, 0],
  ];
  test.each(cases)('%s', (_, probes, reliance, instability) => {
    const effects = questionEffects(probes);
    if (reliance === null) expect(effects.reliance).toBeNull();
    else expect(effects.reliance).toBeCloseTo(reliance, 12);
    if (instability === null) expect(effects.instability).toBeNull();
    else expect(effects.instability).toBeCloseTo(instability, 12);
  });
});

describe('confidenceBin: five bins of width 0.2, 1 in the last', () => {
  const cases: [number, number][] = [
    [0, 0],
    [0.19999, 0],
    [0.2, 1],
    [0.5, 2],
    [0.79, 3],
    [0.8, 4],
    [0.999, 4],
    [1, 4],
  ];
  test.each(cases)('P = %s is in bin %s', (probability, bin) => {
    expect(confidenceBin(probability)).toBe(bin);
  });
});

const question = (
  probability: number | undefined,
  probes: ProbeResult[],
  effects?: { reliance: number | null; instability: number | null },
  diagnosis: Diagnosis = 'partial',
): EffectSource => ({
  diagnosis,
  probes,
  ...(probability === undefined ? {} : { a0Logprob: Math.log(probability) }),
  ...(effects === undefined ? {} : { effects }),
});

describe('adoptionByConfidence (ClashEval): corrupt adoption per baseline-confidence bin', () => {
  const questions = [
    question(0.9, [dropped('corrupt', 0.8, 'adopted')]),
    question(0.95, [dropped('corrupt', 0.1, 'kept'), dropped('corrupt', 0.2, 'kept')]),
    question(0.3, [dropped('corrupt', 0.3, 'adopted')]),
    // Left out: an abstention, a question without a0's score, one without an answered corrupt probe.
    question(0.9, [dropped('corrupt', 0.9, 'adopted')], undefined, 'abstained'),
    question(undefined, [dropped('corrupt', 0.9, 'adopted')]),
    question(0.1, [failed('corrupt'), dropped('remove', 0.1)]),
  ];
  const bins = adoptionByConfidence(questions, { seed: 0, resamples: 200 });
  test('counts per bin', () => {
    expect(bins.map((b) => [b.from, b.to, b.questions, b.adopted, b.answered])).toEqual([
      [0, 0.2, 0, 0, 0],
      [0.2, 0.4, 1, 1, 1],
      [0.4, 0.6, 0, 0, 0],
      [0.6, 0.8, 0, 0, 0],
      [0.8, 1, 2, 1, 3],
    ]);
  });
  test('ratios over probes, intervals over questions, empty bins null', () => {
    expect(bins[0]?.adoption).toEqual({ value: null, ci95: null, n: 0 });
    expect(bins[1]?.adoption).toEqual({ value: 1, ci95: [1, 1], n: 1 });
    expect(bins[4]?.adoption.value).toBeCloseTo(1 / 3, 12);
    // Resampling two questions (1 of 1 adopted, 0 of 2) gives 0, 1/3 or 1.
    const [low, high] = bins[4]?.adoption.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBe(0);
    expect(high).toBe(1);
  });
});

describe('summarizeEffects', () => {
  test('reliance over answering questions, instability over all, mean baseline probability', () => {
    const summary = summarizeEffects(
      [
        question(0.8, [], { reliance: 0.6, instability: 0 }),
        question(0.4, [], { reliance: 0.2, instability: 0.5 }),
        question(0.3, [], { reliance: 1, instability: 0.1 }, 'abstained'),
        question(undefined, [], { reliance: null, instability: null }, 'unscored'),
      ],
      'teacher-forced',
      { seed: 0, resamples: 200 },
    );
    expect(summary.scoring).toBe('teacher-forced');
    expect(summary.reliance.value).toBeCloseTo(0.4, 12);
    expect(summary.reliance.n).toBe(2);
    expect(summary.instability.value).toBeCloseTo(0.2, 12);
    expect(summary.instability.n).toBe(3);
    expect(summary.baselineProbability).toBeCloseTo((0.8 + 0.4) / 2, 12);
    expect(summary.adoptionByConfidence).toHaveLength(5);
  });
  test('nothing measured: null estimates, no baseline probability', () => {
    const summary = summarizeEffects([question(undefined, [])], 'generated', { seed: 0, resamples: 10 });
    expect(summary.reliance).toEqual({ value: null, ci95: null, n: 0 });
    expect(summary.instability).toEqual({ value: null, ci95: null, n: 0 });
    expect(summary.baselineProbability).toBeNull();
  });
});
