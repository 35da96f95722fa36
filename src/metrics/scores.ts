import type { CorruptOutcome, Diagnosis, ProbeName, ProbeResult } from '../model/types.js';
import { scored } from './summary-fold.js';

export { LONG_FORM_WORDS, type ScoredQuestion, summarize } from './summary-fold.js';

function meanOf(flags: readonly boolean[]): number | null {
  if (flags.length === 0) return null;
  return flags.filter(Boolean).length / flags.length;
}

/** The evidence-altering probes reliance averages; `gold` alters evidence too but is not one of them. */
export const RELIANCE_PROBES: readonly ProbeName[] = ['remove', 'swap', 'corrupt'];

/** Per-question reliance and instability; null when the question has no scored probe of that family. */
export function questionScores(probes: readonly ProbeResult[]): {
  reliance: number | null;
  instability: number | null;
} {
  const answered = probes.filter(scored);
  return {
    reliance: meanOf(answered.filter((p) => RELIANCE_PROBES.includes(p.probe)).map((p) => p.changed)),
    instability: meanOf(answered.filter((p) => p.family === 'preserving').map((p) => p.changed)),
  };
}

/**
 * unscored when nothing was measured; else abstained if the baseline answer is an abstention;
 * else brittle if instability > 0; else parametric (0), grounded (1) or partial by reliance;
 * else unscored.
 */
export function diagnose(reliance: number | null, instability: number | null, abstained = false): Diagnosis {
  if (reliance === null && instability === null) return 'unscored';
  if (abstained) return 'abstained';
  if (instability !== null && instability > 0) return 'brittle';
  if (reliance === null) return 'unscored';
  if (reliance === 0) return 'parametric';
  if (reliance === 1) return 'grounded';
  return 'partial';
}

/**
 * The corrupt outcome: `adopted` when the answer matches the substitute and not the baseline,
 * `kept` when it matches the baseline and not the substitute, `other` otherwise (neither, or
 * both: an answer that matches both adopted nothing for certain).
 */
export function corruptOutcome(matchesSubstitute: boolean, matchesBaseline: boolean): CorruptOutcome {
  if (matchesSubstitute && !matchesBaseline) return 'adopted';
  if (matchesBaseline && !matchesSubstitute) return 'kept';
  return 'other';
}
