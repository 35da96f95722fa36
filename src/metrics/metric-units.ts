import type { ScalarMetric, SEAM_METRICS } from '../model/gates.js';
import type { Estimate } from '../model/report.js';
import { GENERATOR_SIDE, RETRIEVER_SIDE, type SeamCategory, type SeamVerdict } from '../model/seam.js';
import type { Passage, ProbeResult } from '../model/types.js';
import { questionAlignment } from './alignment.js';
import { bootstrapRatio } from './bootstrap.js';
import type { Rng } from './random.js';

/**
 * One question's share of a metric: every scalar metric is sum(numerator) / sum(denominator)
 * over questions, so a question with denominator 0 has no say in it.
 */
export interface MetricUnit {
  readonly numerator: number;
  readonly denominator: number;
}

/** What a metric unit is computed from: a question's scores and probe results. */
export interface UnitSource {
  readonly reliance: number | null;
  readonly instability: number | null;
  readonly probes: readonly ProbeResult[];
  /** For the seam and alignment metrics; absent in reports written before they existed. */
  readonly seam?: SeamVerdict;
  readonly answers?: readonly string[];
  readonly passages?: readonly Passage[];
}

function seamUnit(question: UnitSource, metric: (typeof SEAM_METRICS)[number]): MetricUnit {
  const category = question.seam?.category;
  if (category === undefined) return { numerator: 0, denominator: 0 };
  const name = metric.slice('seam.'.length);
  const counted: readonly SeamCategory[] =
    name === 'retriever-side'
      ? RETRIEVER_SIDE
      : name === 'generator-side'
        ? GENERATOR_SIDE
        : [name as SeamCategory];
  return { numerator: counted.includes(category) ? 1 : 0, denominator: 1 };
}

function alignmentUnit(question: UnitSource, metric: 'alignment.ndcg' | 'alignment.usefulBelowUseless') {
  const values = questionAlignment(
    { answers: question.answers ?? [], passages: question.passages ?? [], probes: question.probes },
    'solo',
  );
  const value = metric === 'alignment.ndcg' ? values.ndcg : values.usefulBelowUseless;
  return perQuestion(value === null ? null : Number(value));
}

function counted(result: ProbeResult): boolean {
  return result.applicable && result.error === undefined && result.changed !== undefined;
}

function perQuestion(value: number | null): MetricUnit {
  return value === null ? { numerator: 0, denominator: 0 } : { numerator: value, denominator: 1 };
}

/** A question's unit for one metric, as docs/metrics.md defines the metric. */
export function metricUnit(question: UnitSource, metric: ScalarMetric): MetricUnit {
  switch (metric) {
    case 'reliance':
      return perQuestion(question.reliance);
    case 'instability':
      return perQuestion(question.instability);
    case 'adoption': {
      const corrupt = question.probes.filter((p) => p.probe === 'corrupt' && counted(p));
      return {
        numerator: corrupt.filter((p) => p.outcome === 'adopted').length,
        denominator: corrupt.length,
      };
    }
    case 'topPassageUse': {
      const first = question.probes.filter((p) => p.probe === 'leave-one-out' && p.rank === 1 && counted(p));
      return { numerator: first.filter((p) => p.changed === true).length, denominator: first.length };
    }
    case 'deadPassageRate': {
      const pairs = question.probes.filter(
        (p) => p.probe === 'leave-one-out' && p.rank !== undefined && counted(p),
      );
      return { numerator: pairs.filter((p) => p.changed === false).length, denominator: pairs.length };
    }
    case 'alignment.ndcg':
    case 'alignment.usefulBelowUseless':
      return alignmentUnit(question, metric);
    default:
      return seamUnit(question, metric);
  }
}

/** sum(numerators) / sum(denominators), or null when no question has a say. */
export function ratioOf(units: readonly MetricUnit[]): number | null {
  let top = 0;
  let bottom = 0;
  for (const unit of units) {
    top += unit.numerator;
    bottom += unit.denominator;
  }
  return bottom === 0 ? null : top / bottom;
}

/** The metric with a percentile-bootstrap 95% interval over the questions that have a say. */
export function estimateMetric(
  questions: readonly UnitSource[],
  metric: ScalarMetric,
  rng: Rng,
  resamples: number,
): Estimate {
  const units = questions.map((q) => metricUnit(q, metric)).filter((unit) => unit.denominator > 0);
  return bootstrapRatio(
    units.map((u) => u.numerator),
    units.map((u) => u.denominator),
    rng,
    resamples,
  );
}

/** Largest denominator one question can have: 1, or one per passage for deadPassageRate. */
export function maxDenominator(metric: ScalarMetric, topK: number): number {
  return metric === 'deadPassageRate' ? Math.max(1, topK) : 1;
}
