import type { ProbeTally, Summary } from '../model/report.js';
import type { Diagnosis, ProbeName, ProbeResult } from '../model/types.js';
import { PROBE_NAMES } from '../model/types.js';
import { bootstrapMean, bootstrapRatio } from './bootstrap.js';
import { derivedRng } from './random.js';

/** A probe result that counts: applicable and answered (no error). */
function scored(result: ProbeResult): result is ProbeResult & { changed: boolean } {
  return result.applicable && result.error === undefined && result.changed !== undefined;
}

function meanOf(flags: readonly boolean[]): number | null {
  if (flags.length === 0) return null;
  return flags.filter(Boolean).length / flags.length;
}

/** Per-question reliance and instability; null when the question has no scored probe of that family. */
export function questionScores(probes: readonly ProbeResult[]): {
  reliance: number | null;
  instability: number | null;
} {
  const answered = probes.filter(scored);
  return {
    reliance: meanOf(answered.filter((p) => p.family === 'altering').map((p) => p.changed)),
    instability: meanOf(answered.filter((p) => p.family === 'preserving').map((p) => p.changed)),
  };
}

/** brittle if instability > 0; else parametric (0), grounded (1) or partial by reliance; else unscored. */
export function diagnose(reliance: number | null, instability: number | null): Diagnosis {
  if (instability !== null && instability > 0) return 'brittle';
  if (reliance === null) return 'unscored';
  if (reliance === 0) return 'parametric';
  if (reliance === 1) return 'grounded';
  return 'partial';
}

/** What the summary is computed from, per question. */
export interface ScoredQuestion {
  readonly reliance: number | null;
  readonly instability: number | null;
  readonly diagnosis: Diagnosis;
  readonly probes: readonly ProbeResult[];
}

function tally(results: readonly ProbeResult[]): ProbeTally {
  const applicable = results.filter((r) => r.applicable);
  const answered = applicable.filter(scored);
  const base = {
    applicable: applicable.length,
    notApplicable: results.length - applicable.length,
    errors: applicable.filter((r) => r.error !== undefined).length,
    changed: answered.filter((r) => r.changed).length,
  };
  if (results[0]?.probe !== 'corrupt') return base;
  return {
    ...base,
    adopted: answered.filter((r) => r.outcome === 'adopted').length,
    kept: answered.filter((r) => r.outcome === 'kept').length,
    other: answered.filter((r) => r.outcome === 'other').length,
  };
}

/**
 * The run summary over questions, with percentile-bootstrap intervals (seeded per metric, so
 * each interval is reproducible on its own).
 */
export function summarize(
  questions: readonly ScoredQuestion[],
  options: { seed: number; resamples: number },
): Summary {
  const { seed, resamples } = options;
  const reliances = questions.map((q) => q.reliance).filter((v): v is number => v !== null);
  const instabilities = questions.map((q) => q.instability).filter((v): v is number => v !== null);

  const corruptRuns = questions.map((q) => q.probes.filter((p) => p.probe === 'corrupt' && scored(p)));
  const withCorrupt = corruptRuns.filter((runs) => runs.length > 0);
  const adoption = bootstrapRatio(
    withCorrupt.map((runs) => runs.filter((p) => p.outcome === 'adopted').length),
    withCorrupt.map((runs) => runs.length),
    derivedRng(seed, 'bootstrap', 'adoption'),
    resamples,
  );

  const influenceByRank: (number | null)[] = [];
  let pairs = 0;
  let deadPairs = 0;
  for (const question of questions) {
    for (const result of question.probes) {
      if (result.probe !== 'leave-one-out' || !scored(result) || result.rank === undefined) continue;
      pairs++;
      if (!result.changed) deadPairs++;
    }
  }
  // One pass over the results, no Math.max(...ranks): spreading one argument per probe
  // overflows the stack on large runs (about 125,000 results).
  const changedByRank: { changed: number; scored: number }[] = [];
  let maxRank = 0;
  for (const question of questions) {
    for (const p of question.probes) {
      if (p.probe !== 'leave-one-out') continue;
      maxRank = Math.max(maxRank, p.rank ?? 0);
      if (p.rank === undefined || !scored(p)) continue;
      changedByRank[p.rank] ??= { changed: 0, scored: 0 };
      const counts = changedByRank[p.rank] as { changed: number; scored: number };
      counts.scored++;
      if (p.changed === true) counts.changed++;
    }
  }
  for (let rank = 1; rank <= maxRank; rank++) {
    const counts = changedByRank[rank];
    influenceByRank.push(counts === undefined ? null : counts.changed / counts.scored);
  }

  const diagnoses: Record<Diagnosis, number> = {
    grounded: 0,
    partial: 0,
    parametric: 0,
    brittle: 0,
    unscored: 0,
  };
  for (const question of questions) diagnoses[question.diagnosis]++;

  const probes: Partial<Record<ProbeName, ProbeTally>> = {};
  for (const name of PROBE_NAMES) {
    const results = questions.flatMap((q) => q.probes.filter((p) => p.probe === name));
    if (results.length > 0) probes[name] = tally(results);
  }

  return {
    questions: questions.length,
    reliance: bootstrapMean(reliances, derivedRng(seed, 'bootstrap', 'reliance'), resamples),
    adoption,
    instability: bootstrapMean(instabilities, derivedRng(seed, 'bootstrap', 'instability'), resamples),
    influenceByRank,
    topPassageUse: influenceByRank[0] ?? null,
    deadPassageRate: pairs === 0 ? null : deadPairs / pairs,
    diagnoses,
    probes,
  };
}
