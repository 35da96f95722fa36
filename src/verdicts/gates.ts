import { bootstrapRatio } from '../metrics/bootstrap.js';
import { estimateMetric, type UnitSource } from '../metrics/metric-units.js';
import { derivedRng } from '../metrics/random.js';
import { seamOrAlignmentEstimate } from '../metrics/summary-estimate.js';
import type { SummaryFold, UnitMetric } from '../metrics/summary-fold.js';
import { UsageError } from '../model/errors.js';
import { GATE_METRICS, type Gate, type GateBasis, type GateMetric, type GateResult } from '../model/gates.js';
import type { Estimate, Summary } from '../model/report.js';

function isGateMetric(name: string): name is GateMetric {
  return (GATE_METRICS as readonly string[]).includes(name);
}

function checkThreshold(threshold: number, flag: string, pair: string): number {
  if (threshold < 0 || threshold > 1) {
    throw new UsageError(`${flag}: "${pair}" is outside 0..1`, {
      hint: 'every gated metric is a share from 0 to 1',
    });
  }
  return threshold;
}

/**
 * Parses `--fail-under`/`--max` values: a bare number (reliance, for --fail-under) or a list of
 * metric=number pairs, e.g. "reliance=0.7,adoption=0.5".
 */
export function parseGates(text: string, kind: 'min' | 'max', flag: string): Gate[] {
  const bare = Number(text);
  if (text.trim() !== '' && Number.isFinite(bare)) {
    if (kind === 'max')
      throw new UsageError(`${flag} needs metric=value pairs, e.g. ${flag} instability=0.1`);
    return [{ metric: 'reliance', kind, threshold: checkThreshold(bare, flag, text.trim()) }];
  }
  const seen = new Set<string>();
  return text.split(',').map((pair) => {
    const [name = '', value = ''] = pair.split('=').map((part) => part.trim());
    const threshold = Number(value);
    if (!isGateMetric(name)) {
      throw new UsageError(`${flag}: unknown metric "${name}"`, {
        hint: `metrics: ${GATE_METRICS.join(', ')}`,
      });
    }
    if (value === '' || !Number.isFinite(threshold)) {
      throw new UsageError(`${flag}: "${pair.trim()}" needs a number after "=", e.g. ${name}=0.5`);
    }
    if (seen.has(name)) throw new UsageError(`${flag}: "${name}" is given twice`);
    seen.add(name);
    return { metric: name, kind, threshold: checkThreshold(threshold, flag, pair.trim()) };
  });
}

/** Everything needed to give metrics without a summary interval one (bootstrap over questions). */
export interface GateContext {
  readonly basis: GateBasis;
  readonly questions?: readonly UnitSource[];
  /** The same units already folded (a streamed run keeps no questions); used when `questions` is absent. */
  readonly units?: SummaryFold['units'];
  readonly seed?: number;
  readonly resamples?: number;
}

function estimateOf(summary: Summary, metric: GateMetric, context: GateContext): Estimate {
  if (metric === 'reliance' || metric === 'adoption' || metric === 'instability') return summary[metric];
  const own = seamOrAlignmentEstimate(summary, metric);
  if (own !== undefined) return own;
  const value = summary[metric as 'topPassageUse' | 'deadPassageRate'];
  const rng = derivedRng(context.seed ?? 0, 'bootstrap', metric);
  if (value !== null && context.questions === undefined && context.units !== undefined) {
    const { numerators, denominators } = context.units(metric as UnitMetric);
    return bootstrapRatio(numerators, denominators, rng, context.resamples ?? 1000);
  }
  if (value === null || context.questions === undefined) return { value, ci95: null, n: summary.questions };
  return estimateMetric(context.questions, metric, rng, context.resamples ?? 1000);
}

/** Checks one gate against an estimate. */
export function checkGate(gate: Gate, estimate: Estimate, basis: GateBasis): GateResult {
  const { value, ci95, n } = estimate;
  const conservative = ci95 === null ? value : gate.kind === 'min' ? ci95[0] : ci95[1];
  const checked = basis === 'point' ? value : conservative;
  const margin =
    checked === null ? null : gate.kind === 'min' ? checked - gate.threshold : gate.threshold - checked;
  // A float that lands a hair short of the threshold (0.7 - 1e-16) still meets it.
  const passed = margin !== null && margin >= -1e-12;
  const by = margin === null || passed ? null : -margin;
  return { ...gate, value, ci95, n, basis, checked, passed, by, margin };
}

/**
 * Checks each gate against the point value or, with basis `lower-bound`, the conservative end of
 * the metric's 95% interval. A metric with no value fails its gate.
 */
export function evaluateGates(
  summary: Summary,
  gates: readonly Gate[],
  context: GateContext = { basis: 'point' },
): GateResult[] {
  return gates.map((gate) => checkGate(gate, estimateOf(summary, gate.metric, context), context.basis));
}
