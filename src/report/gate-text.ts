import type { EarlyStopSummary, GateResult } from '../model/gates.js';

import { formatInterval, formatShare } from './format.js';

/** A margin as "0.08", or "0.004" when it is under a hundredth. */
function formatMargin(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) < 0.01 && value !== 0 ? value.toFixed(3) : value.toFixed(2);
}

/** "reliance >= 0.70" */
export function gateLabel(gate: Pick<GateResult, 'metric' | 'kind' | 'threshold'>): string {
  return `${gate.metric} ${gate.kind === 'min' ? '>=' : '<='} ${gate.threshold}`;
}

/** Which number was compared: "value" or "lower end of the 95% CI" / "upper end ...". */
export function gateBasisLabel(gate: GateResult): string {
  if (gate.sequence?.decisive !== true && gate.basis === 'point') return 'point value';
  if (gate.sequence?.decisive === true) {
    const end = gate.checked === gate.sequence.interval[0] ? 'lower' : 'upper';
    return `${end} end of the ${formatLevel(gate.sequence.level)} early-stop confidence sequence`;
  }
  return `${gate.kind === 'min' ? 'lower' : 'upper'} end of the 95% CI`;
}

/** 0.975 -> "97.5%" */
function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}

/** "0.62 [0.48, 0.75], n=8" */
export function gateEvidence(gate: GateResult): string {
  const interval = gate.ci95 === null ? '' : ` ${formatInterval(gate.ci95)}`;
  const sequence =
    gate.sequence === undefined
      ? ''
      : `; early stop after ${gate.sequence.questions} questions: ${gate.sequence.decision}, sequence ${formatInterval(gate.sequence.interval)}`;
  return `${formatShare(gate.value)}${interval}, n=${gate.n}${sequence}`;
}

/**
 * The verdict in words: "passed by 0.05" or "failed by 0.22 (lower end of the 95% CI 0.48)".
 * Used by every reporter so a gate reads the same everywhere.
 */
export function gateVerdict(gate: GateResult): string {
  if (gate.checked === null) return 'failed: the metric has no value';
  const basis =
    gate.basis === 'point' && gate.sequence?.decisive !== true
      ? ''
      : ` (${gateBasisLabel(gate)} ${formatShare(gate.checked)})`;
  if (gate.passed) return `passed by ${formatMargin(gate.margin)}${basis}`;
  return `failed by ${formatMargin(gate.by)}${basis}`;
}

/** One line: "gate reliance >= 0.7: failed by 0.22 (lower end of the 95% CI 0.48); 0.62 [0.48, 0.75], n=8". */
export function describeGate(gate: GateResult): string {
  return `gate ${gateLabel(gate)}: ${gateVerdict(gate)}; value ${gateEvidence(gate)}`;
}

/** "early stop: decided pass after 45 of 300 questions (3 looks); saved 1275-2040 generator calls". */
export function describeEarlyStop(earlyStop: EarlyStopSummary): string {
  const { callsSaved: saved } = earlyStop;
  const calls = saved.min === saved.max ? `${saved.min}` : `${saved.min}-${saved.max}`;
  const how = `${earlyStop.rule}, alpha ${earlyStop.alpha}, target: the ${earlyStop.target}`;
  if (!earlyStop.stoppedEarly) {
    return `early stop: undecided until the last of ${earlyStop.questionsTotal} questions (${earlyStop.looks.length} looks); the gates above decide as in a full run (${how})`;
  }
  return `early stop: decided ${earlyStop.decision} after ${earlyStop.questionsProbed} of ${earlyStop.questionsTotal} questions (${earlyStop.looks.length} looks); saved ${calls} generator calls (${how})`;
}
