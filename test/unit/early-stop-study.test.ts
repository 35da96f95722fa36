import { describe, expect, it } from 'vitest';
import { checkGatesSequentially } from '../../src/engine/early-stop.js';
import { decideSequence, sequenceInterval } from '../../src/metrics/confidence-sequence.js';
import type { UnitSource } from '../../src/metrics/metric-units.js';
import { createRng, type Rng, shuffled } from '../../src/metrics/random.js';
import type { Gate } from '../../src/model/gates.js';

// The decision-agreement study of docs/gates.md: many seeded synthetic datasets whose full-run
// values sit near the gates' thresholds, each early-stopped look by look and compared with the
// decision the full run makes. The promise: they differ in at most alpha of the cases.

const ALPHA = 0.05;
const RELIANCE_LEVELS = [0, 1 / 3, 2 / 3, 1];

function question(rng: Rng, relianceMean: number, instabilityRate: number): UnitSource {
  // Reliance as a mean over three altering probes, instability over two preserving ones.
  let changed = 0;
  for (let p = 0; p < 3; p++) if (rng.next() < relianceMean) changed++;
  let unstable = 0;
  for (let p = 0; p < 2; p++) if (rng.next() < instabilityRate) unstable++;
  const unscored = rng.next() < 0.05;
  return {
    reliance: unscored ? null : (RELIANCE_LEVELS[changed] as number),
    instability: unscored ? null : unstable / 2,
    probes: [],
  };
}

function fullValue(questions: readonly UnitSource[], metric: 'reliance' | 'instability'): number | null {
  const values = questions.map((q) => q[metric]).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function fullDecision(questions: readonly UnitSource[], gates: readonly Gate[]): 'pass' | 'fail' {
  const passed = gates.every((gate) => {
    const value = fullValue(questions, gate.metric as 'reliance' | 'instability');
    if (value === null) return false;
    return gate.kind === 'min' ? value >= gate.threshold : value <= gate.threshold;
  });
  return passed ? 'pass' : 'fail';
}

/** Early-stops one dataset: looks every `batch` questions in a seeded order; undecided -> full run. */
function earlyDecision(
  questions: readonly UnitSource[],
  gates: readonly Gate[],
  seed: number,
  batch: number,
) {
  const order = shuffled(createRng(seed), questions);
  for (let drawn = batch; drawn < order.length; drawn += batch) {
    const check = checkGatesSequentially(order.slice(0, drawn), gates, {
      alpha: ALPHA,
      populationSize: order.length,
      topK: 5,
      intervals: false,
    });
    if (check.decision !== null) return { decision: check.decision, probed: drawn };
  }
  return { decision: fullDecision(questions, gates), probed: order.length };
}

describe('early stopping: decision-agreement study', () => {
  it('agrees with the full run at least 1 - alpha of the time, near the threshold and away from it', () => {
    const rng = createRng(20_240_601);
    const gateSets: Gate[][] = [
      [{ metric: 'reliance', kind: 'min', threshold: 0.7 }],
      [
        { metric: 'reliance', kind: 'min', threshold: 0.6 },
        { metric: 'instability', kind: 'max', threshold: 0.1 },
      ],
    ];
    let cases = 0;
    let agreed = 0;
    let clearCases = 0;
    let clearProbed = 0;
    for (const size of [80, 200, 400]) {
      for (const gates of gateSets) {
        const floor = gates[0] as Gate;
        for (const offset of [-0.12, -0.06, -0.03, -0.01, 0, 0.01, 0.03, 0.06, 0.12]) {
          for (let repeat = 0; repeat < 12; repeat++) {
            const questions = Array.from({ length: size }, () =>
              question(rng, floor.threshold + offset, 0.04),
            );
            const full = fullDecision(questions, gates);
            const early = earlyDecision(questions, gates, cases, Math.max(10, size / 20));
            cases++;
            if (early.decision === full) agreed++;
            if (Math.abs(offset) >= 0.12) {
              clearCases++;
              clearProbed += early.probed / size;
            }
          }
        }
      }
    }
    const agreement = agreed / cases;
    // 648 seeded cases; the stated confidence is 1 - alpha = 95%.
    expect(cases).toBe(648);
    expect(agreement).toBeGreaterThanOrEqual(1 - ALPHA);
    // Early stopping is worth having: clear cases stop well before the end on average.
    expect(clearProbed / clearCases).toBeLessThan(0.75);
  });

  it('under --gate-on lower-bound, rarely declares a decision the population value contradicts', () => {
    // i.i.d. questions from a population whose reliance mean is known exactly.
    const rng = createRng(7);
    let decided = 0;
    let wrong = 0;
    for (const mean of [0.62, 0.66, 0.7, 0.74, 0.78]) {
      for (let repeat = 0; repeat < 40; repeat++) {
        const units = Array.from({ length: 300 }, () => ({
          numerator: rng.next() < mean ? 1 : 0,
          denominator: 1,
        }));
        for (let drawn = 15; drawn <= units.length; drawn += 15) {
          const side = decideSequence(units.slice(0, drawn), 0.7, {
            populationSize: null,
            alphaPerSide: ALPHA / 2,
            scale: 1,
          });
          if (side === 'undecided') continue;
          decided++;
          if ((side === 'above') !== mean > 0.7) wrong++;
          break;
        }
      }
    }
    expect(decided).toBeGreaterThan(30);
    // Wrong decisions are bounded by alpha / 2 per side of all 200 cases; with mean exactly 0.7
    // any decision counts as "above" wrongly, so this is the worst case for the bound.
    expect(wrong / 200).toBeLessThanOrEqual(ALPHA);
  });
});

describe('confidence sequence', () => {
  const ones = (n: number, k: number) =>
    Array.from({ length: n }, (_, i) => ({ numerator: i < k ? 1 : 0, denominator: 1 }));

  it('shrinks to the full-run value when every question of the dataset is seen', () => {
    const units = shuffled(createRng(1), ones(50, 30));
    const [lower, upper] = sequenceInterval(units, {
      populationSize: 50,
      alphaPerSide: 0.025,
      scale: 1,
      tuneAt: 0.5,
    });
    expect(lower).toBeCloseTo(0.6, 6);
    expect(upper).toBeCloseTo(0.6, 6);
    expect(decideSequence(units, 0.6, { populationSize: 50, alphaPerSide: 0.025, scale: 1 })).toBe(
      'undecided',
    );
    expect(decideSequence(units, 0.59, { populationSize: 50, alphaPerSide: 0.025, scale: 1 })).toBe('above');
  });

  it('holds its value inside the interval and narrows as questions arrive', () => {
    const units = shuffled(createRng(2), ones(1000, 700));
    const options = { populationSize: null, alphaPerSide: 0.025, scale: 1, tuneAt: 0.7 };
    const early = sequenceInterval(units.slice(0, 50), options);
    const late = sequenceInterval(units.slice(0, 800), options);
    expect(early[0]).toBeLessThan(0.7);
    expect(early[1]).toBeGreaterThan(0.7);
    expect(late[1] - late[0]).toBeLessThan(early[1] - early[0]);
    expect(late[0]).toBeLessThan(0.7);
    expect(late[1]).toBeGreaterThan(0.7);
  });

  it('takes ratio metrics by their sums (deadPassageRate: several pairs per question)', () => {
    const units = Array.from({ length: 200 }, (_, i) => ({ numerator: i % 2 === 0 ? 4 : 3, denominator: 5 }));
    const [lower, upper] = sequenceInterval(units, {
      populationSize: null,
      alphaPerSide: 0.025,
      scale: 5,
      tuneAt: 0.5,
    });
    expect(lower).toBeLessThan(0.7);
    expect(upper).toBeGreaterThan(0.7);
    expect(lower).toBeGreaterThan(0.5);
  });
});
