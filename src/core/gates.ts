import type { Estimate } from '../metrics/bootstrap.js';
import type { Summary } from '../metrics/scores.js';
import { UsageError } from './errors.js';

/** Summary metrics a gate can check. Interval metrics have a CI; the others are point values. */
export const GATE_METRICS = ['reliance', 'adoption', 'instability', 'topPassageUse', 'deadPassageRate'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** One threshold: `min` fails when the value is below it, `max` when above. */
export interface Gate {
  readonly metric: GateMetric;
  readonly kind: 'min' | 'max';
  readonly threshold: number;
}

export interface GateResult extends Gate {
  /** The value checked; null when the metric had no value (the gate then fails). */
  readonly value: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly passed: boolean;
  /** How far past the threshold, when failed. */
  readonly by: number | null;
}

function isGateMetric(name: string): name is GateMetric {
  return (GATE_METRICS as readonly string[]).includes(name);
}

/**
 * Parses `--fail-under`/`--max` values: a bare number (reliance, for --fail-under) or a list of
 * metric=number pairs, e.g. "reliance=0.7,adoption=0.5".
 */
export function parseGates(text: string, kind: 'min' | 'max', flag: string): Gate[] {
  const bare = Number(text);
  if (text.trim() !== '' && Number.isFinite(bare)) {
    if (kind === 'max') throw new UsageError(`${flag} needs metric=value pairs, e.g. ${flag} instability=0.1`);
    return [{ metric: 'reliance', kind, threshold: bare }];
  }
  return text.split(',').map((pair) => {
    const [name = '', value = ''] = pair.split('=').map((part) => part.trim());
    const threshold = Number(value);
    if (!isGateMetric(name)) {
      throw new UsageError(`${flag}: unknown metric "${name}"`, { hint: `metrics: ${GATE_METRICS.join(', ')}` });
    }
    if (value === '' || !Number.isFinite(threshold)) {
      throw new UsageError(`${flag}: "${pair.trim()}" needs a number after "=", e.g. ${name}=0.5`);
    }
    return { metric: name, kind, threshold };
  });
}

function estimateOf(summary: Summary, metric: GateMetric): Estimate {
  if (metric === 'reliance' || metric === 'adoption' || metric === 'instability') return summary[metric];
  const value = summary[metric];
  return { value, ci95: null, n: summary.questions };
}

/** Checks each gate against the point value. */
export function evaluateGates(summary: Summary, gates: readonly Gate[]): GateResult[] {
  return gates.map((gate) => {
    const { value, ci95 } = estimateOf(summary, gate.metric);
    const passed = value !== null && (gate.kind === 'min' ? value >= gate.threshold : value <= gate.threshold);
    const by = value === null || passed ? null : Math.abs(value - gate.threshold);
    return { ...gate, value, ci95, passed, by };
  });
}
