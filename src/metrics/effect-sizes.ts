import type { ConfidenceBin, EffectSizes, Estimate } from '../model/report.js';
import type { Diagnosis, ProbeResult } from '../model/types.js';
import { bootstrapMean, bootstrapRatio } from './bootstrap.js';
import { derivedRng } from './random.js';
import { RELIANCE_PROBES } from './scores.js';

/** P(a0 | baseline passages) − P(a0 | variant passages), from the two log-probabilities. */
export function probabilityDrop(baselineLogprob: number, variantLogprob: number): number {
  return Math.exp(baselineLogprob) - Math.exp(variantLogprob);
}

/** An applicable, answered probe with a measured probability drop. */
function measured(probe: ProbeResult): probe is ProbeResult & { probabilityDrop: number } {
  return probe.applicable && probe.error === undefined && typeof probe.probabilityDrop === 'number';
}

/** Mean of the drops clipped at 0 (a probe that raises P(a0) moved nothing off a0); null when none. */
function meanClippedDrop(probes: readonly (ProbeResult & { probabilityDrop: number })[]): number | null {
  if (probes.length === 0) return null;
  return probes.reduce((sum, p) => sum + Math.max(0, p.probabilityDrop), 0) / probes.length;
}

/**
 * Per-question continuous reliance (evidence-altering probes: remove, swap, corrupt) and
 * instability (evidence-preserving probes): the mean probability drop of a0, each drop clipped
 * at 0; null when no probe of that kind was measured.
 */
export function questionEffects(probes: readonly ProbeResult[]): {
  reliance: number | null;
  instability: number | null;
} {
  const scored = probes.filter(measured);
  return {
    reliance: meanClippedDrop(scored.filter((p) => RELIANCE_PROBES.includes(p.probe))),
    instability: meanClippedDrop(scored.filter((p) => p.family === 'preserving')),
  };
}

/** Number of equal-width baseline-confidence bins adoption is reported in. */
export const CONFIDENCE_BINS = 5;

/** The bin of a probability: [0, 0.2), [0.2, 0.4), ... [0.8, 1]. */
export function confidenceBin(probability: number): number {
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(probability * CONFIDENCE_BINS)));
}

/** What the effect-size summary reads of a question. */
export interface EffectSource {
  readonly diagnosis: Diagnosis;
  readonly probes: readonly ProbeResult[];
  readonly a0Logprob?: number;
  readonly effects?: { readonly reliance: number | null; readonly instability: number | null };
}

/**
 * Corrupt adoption by the baseline's P(a0) (ClashEval's figure): for each bin, adopted over
 * answered corrupt probes of the answering questions whose baseline P(a0) falls in it, with a
 * bootstrap interval over those questions.
 */
export function adoptionByConfidence(
  questions: readonly EffectSource[],
  options: { seed: number; resamples: number },
): ConfidenceBin[] {
  const bins = Array.from({ length: CONFIDENCE_BINS }, () => ({
    adopted: [] as number[],
    answered: [] as number[],
  }));
  for (const question of questions) {
    if (question.diagnosis === 'abstained' || question.a0Logprob === undefined) continue;
    const corrupt = question.probes.filter(
      (p) => p.probe === 'corrupt' && p.applicable && p.error === undefined && p.outcome !== undefined,
    );
    if (corrupt.length === 0) continue;
    const bin = bins[confidenceBin(Math.exp(question.a0Logprob))] as (typeof bins)[number];
    bin.adopted.push(corrupt.filter((p) => p.outcome === 'adopted').length);
    bin.answered.push(corrupt.length);
  }
  return bins.map((bin, index) => ({
    from: index / CONFIDENCE_BINS,
    to: (index + 1) / CONFIDENCE_BINS,
    questions: bin.answered.length,
    adopted: bin.adopted.reduce((sum, n) => sum + n, 0),
    answered: bin.answered.reduce((sum, n) => sum + n, 0),
    adoption: bootstrapRatio(
      bin.adopted,
      bin.answered,
      derivedRng(options.seed, 'bootstrap', 'adoption-by-confidence', String(index)),
      options.resamples,
    ),
  }));
}

function estimateOf(
  values: readonly (number | null | undefined)[],
  name: string,
  options: { seed: number; resamples: number },
): Estimate {
  const present = values.filter((v): v is number => typeof v === 'number');
  return bootstrapMean(present, derivedRng(options.seed, 'bootstrap', name), options.resamples);
}

/**
 * The run's effect sizes: continuous reliance over answering (not abstained) questions, as the
 * binary reliance; continuous instability over every question; adoption by baseline confidence.
 */
export function summarizeEffects(
  questions: readonly EffectSource[],
  scoring: EffectSizes['scoring'],
  options: { seed: number; resamples: number },
): EffectSizes {
  const answering = questions.filter((q) => q.diagnosis !== 'abstained');
  const probabilities = answering.flatMap((q) => (q.a0Logprob === undefined ? [] : [Math.exp(q.a0Logprob)]));
  return {
    scoring,
    reliance: estimateOf(
      answering.map((q) => q.effects?.reliance),
      'continuous-reliance',
      options,
    ),
    instability: estimateOf(
      questions.map((q) => q.effects?.instability),
      'continuous-instability',
      options,
    ),
    baselineProbability:
      probabilities.length === 0 ? null : probabilities.reduce((sum, p) => sum + p, 0) / probabilities.length,
    adoptionByConfidence: adoptionByConfidence(questions, options),
  };
}
