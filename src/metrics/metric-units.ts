import type { ScalarMetric } from '../model/gates.js';
import type { Estimate } from '../model/report.js';
import type { ProbeResult } from '../model/types.js';
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
