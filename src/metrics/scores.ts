import type { AdoptionCount, ProbeTally, Summary } from '../model/report.js';
import type { CorruptOutcome, Diagnosis, ProbeName, ProbeResult } from '../model/types.js';
import { PROBE_NAMES } from '../model/types.js';
import { isAbstention } from './abstention.js';
import { type AlignmentSource, summarizeAlignment } from './alignment.js';
import { bootstrapMean, bootstrapRatio } from './bootstrap.js';
import { derivedRng } from './random.js';
import { type SeamSource, summarizeSeam } from './seam.js';

/** A probe result that counts: applicable and answered (no error). */
function scored(result: ProbeResult): result is ProbeResult & { changed: boolean } {
  return result.applicable && result.error === undefined && result.changed !== undefined;
}

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

/** A baseline with more words than this is long-form. */
export const LONG_FORM_WORDS = 12;

function adoptionByType(runs: readonly ProbeResult[]): Record<string, AdoptionCount> {
  const counts: Record<string, { adopted: number; answered: number }> = {};
  for (const run of runs) {
    if (run.answerType === undefined) continue;
    const count = counts[run.answerType] ?? { adopted: 0, answered: 0 };
    count.answered++;
    if (run.outcome === 'adopted') count.adopted++;
    counts[run.answerType] = count;
  }
  return Object.fromEntries(
    Object.entries(counts).map(([type, { adopted, answered }]) => [
      type,
      { adopted, answered, value: adopted / answered },
    ]),
  );
}

/** What the summary is computed from, per question. */
export interface ScoredQuestion extends SeamSource, AlignmentSource {
  readonly reliance: number | null;
  readonly instability: number | null;
  readonly diagnosis: Diagnosis;
  readonly probes: readonly ProbeResult[];
  /** The baseline answer; null when its call failed (absent: answered). */
  readonly baseline?: string | null;
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
  // An abstaining baseline has nothing to rely on or adopt from: left out of both.
  const answering = questions.filter((q) => q.diagnosis !== 'abstained');
  const reliances = answering.map((q) => q.reliance).filter((v): v is number => v !== null);
  const instabilities = questions.map((q) => q.instability).filter((v): v is number => v !== null);

  const corruptRuns = answering.map((q) => q.probes.filter((p) => p.probe === 'corrupt' && scored(p)));
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
    abstained: 0,
    unscored: 0,
  };
  for (const question of questions) diagnoses[question.diagnosis]++;
  const withBaseline = questions.filter((q) => q.baseline !== null).length;
  const answers = questions.flatMap((q) =>
    typeof q.baseline === 'string' && !isAbstention(q.baseline) ? [q.baseline] : [],
  );
  const longForm = answers.filter((a) => a.trim().split(/\s+/u).length > LONG_FORM_WORDS).length;
  const offContextAnswers = questions.filter(
    (q) =>
      q.diagnosis === 'abstained' &&
      q.probes.some((p) => (p.probe === 'swap' || p.probe === 'distractor') && scored(p) && p.changed),
  ).length;

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
    abstentionRate: withBaseline === 0 ? null : diagnoses.abstained / withBaseline,
    offContextAnswers,
    adoptionByType: adoptionByType(withCorrupt.flat()),
    longFormShare: answers.length === 0 ? null : longForm / answers.length,
    probes,
    seam: summarizeSeam(questions, options),
    alignment: summarizeAlignment(questions, options),
  };
}
