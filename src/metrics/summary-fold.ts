import type { AdoptionCount, Estimate, ProbeTally, Summary } from '../model/report.js';
import type { Diagnosis, ProbeName, ProbeResult } from '../model/types.js';
import { PROBE_NAMES } from '../model/types.js';
import { isAbstention } from './abstention.js';
import { type AlignmentSource, createAlignmentFold } from './alignment.js';
import { type IntervalOptions, intervalOf } from './bootstrap.js';
import { countColumn, numberColumn } from './column.js';
import { createReplayFold, type ReplayedQuestion } from './replay.js';
import { createSeamFold, type SeamSource } from './seam.js';

/** A probe result that counts: applicable and answered (no error). */
export function scored(result: ProbeResult): result is ProbeResult & { changed: boolean } {
  return result.applicable && result.error === undefined && result.changed !== undefined;
}

/** A baseline with more words than this is long-form. */
export const LONG_FORM_WORDS = 12;

/** What the summary is computed from, per question. */
export interface ScoredQuestion extends SeamSource, AlignmentSource {
  readonly reliance: number | null;
  readonly instability: number | null;
  readonly diagnosis: Diagnosis;
  readonly probes: readonly ProbeResult[];
  /** The baseline answer; null when its call failed (absent: answered). */
  readonly baseline?: string | null;
}

/** Per-probe counters, in the shape of {@link ProbeTally}. */
interface TallyCounts {
  applicable: number;
  notApplicable: number;
  errors: number;
  changed: number;
  adopted: number;
  kept: number;
  other: number;
}

function addToTally(tallies: Map<ProbeName, TallyCounts>, result: ProbeResult): void {
  let counts = tallies.get(result.probe);
  if (counts === undefined) {
    counts = { applicable: 0, notApplicable: 0, errors: 0, changed: 0, adopted: 0, kept: 0, other: 0 };
    tallies.set(result.probe, counts);
  }
  if (!result.applicable) {
    counts.notApplicable++;
    return;
  }
  counts.applicable++;
  if (result.error !== undefined) counts.errors++;
  if (!scored(result)) return;
  if (result.changed) counts.changed++;
  if (result.outcome !== undefined) counts[result.outcome]++;
}

function finishTallies(tallies: Map<ProbeName, TallyCounts>): Partial<Record<ProbeName, ProbeTally>> {
  const probes: Partial<Record<ProbeName, ProbeTally>> = {};
  for (const name of PROBE_NAMES) {
    const counts = tallies.get(name);
    if (counts === undefined) continue;
    const { applicable, notApplicable, errors, changed, adopted, kept, other } = counts;
    const base = { applicable, notApplicable, errors, changed };
    probes[name] = name === 'corrupt' ? { ...base, adopted, kept, other } : base;
  }
  return probes;
}

/** A metric whose gate interval is a bootstrap over questions' units (not in the summary). */
export type UnitMetric = 'topPassageUse' | 'deadPassageRate';

/**
 * The run summary, folded one question at a time: what the bootstrap needs is kept as columns of
 * numbers (a few per question), everything else as counts, so a run's memory does not grow with
 * its questions' text. {@link summarize} over a list is the same fold.
 */
export interface SummaryFold {
  add(question: ScoredQuestion & ReplayedQuestion): void;
  finish(options: IntervalOptions): Summary;
  replayAgreement(options: IntervalOptions): Estimate | null;
  /** The questions' units of a metric with a say (denominator > 0), for gate intervals. */
  units(metric: UnitMetric): { numerators: ArrayLike<number>; denominators: ArrayLike<number> };
}

export function createSummaryFold(): SummaryFold {
  const seam = createSeamFold();
  const alignment = createAlignmentFold();
  const replay = createReplayFold();
  const reliances = numberColumn();
  const instabilities = numberColumn();
  const adoption = { adopted: countColumn(), answered: countColumn() };
  const units = {
    topPassageUse: { numerators: countColumn(), denominators: countColumn() },
    deadPassageRate: { numerators: countColumn(), denominators: countColumn() },
  };
  const changedByRank: { changed: number; scored: number }[] = [];
  const adoptionByType = new Map<string, { adopted: number; answered: number }>();
  const tallies = new Map<ProbeName, TallyCounts>();
  const diagnoses: Record<Diagnosis, number> = {
    grounded: 0,
    partial: 0,
    parametric: 0,
    brittle: 0,
    abstained: 0,
    unscored: 0,
  };
  let questions = 0;
  let maxRank = 0;
  let pairs = 0;
  let deadPairs = 0;
  let withBaseline = 0;
  let answers = 0;
  let longForm = 0;
  let offContextAnswers = 0;

  const addUnit = (metric: UnitMetric, numerator: number, denominator: number) => {
    if (denominator === 0) return;
    units[metric].numerators.push(numerator);
    units[metric].denominators.push(denominator);
  };

  return {
    add(question) {
      questions++;
      seam.add(question);
      alignment.add(question);
      replay.add(question);
      diagnoses[question.diagnosis]++;
      // An abstaining baseline has nothing to rely on or adopt from: left out of both.
      const answering = question.diagnosis !== 'abstained';
      if (answering && question.reliance !== null) reliances.push(question.reliance);
      if (question.instability !== null) instabilities.push(question.instability);
      let corrupt = 0;
      let adopted = 0;
      let firstRank = 0;
      let firstChanged = 0;
      let questionPairs = 0;
      let questionDead = 0;
      let offContext = false;
      for (const p of question.probes) {
        addToTally(tallies, p);
        if (p.probe === 'leave-one-out') {
          maxRank = Math.max(maxRank, p.rank ?? 0);
          if (p.rank !== undefined && scored(p)) {
            questionPairs++;
            if (!p.changed) questionDead++;
            changedByRank[p.rank] ??= { changed: 0, scored: 0 };
            const counts = changedByRank[p.rank] as { changed: number; scored: number };
            counts.scored++;
            if (p.changed) counts.changed++;
            if (p.rank === 1) {
              firstRank++;
              if (p.changed) firstChanged++;
            }
          }
        }
        if ((p.probe === 'swap' || p.probe === 'distractor') && scored(p) && p.changed) offContext = true;
        if (p.probe !== 'corrupt' || !answering || !scored(p)) continue;
        corrupt++;
        if (p.outcome === 'adopted') adopted++;
        if (p.answerType === undefined) continue;
        const count = adoptionByType.get(p.answerType) ?? { adopted: 0, answered: 0 };
        count.answered++;
        if (p.outcome === 'adopted') count.adopted++;
        adoptionByType.set(p.answerType, count);
      }
      pairs += questionPairs;
      deadPairs += questionDead;
      addUnit('topPassageUse', firstChanged, firstRank);
      addUnit('deadPassageRate', questionDead, questionPairs);
      if (corrupt > 0) {
        adoption.adopted.push(adopted);
        adoption.answered.push(corrupt);
      }
      if (question.diagnosis === 'abstained' && offContext) offContextAnswers++;
      if (question.baseline !== null) withBaseline++;
      if (typeof question.baseline === 'string' && !isAbstention(question.baseline)) {
        answers++;
        if (question.baseline.trim().split(/\s+/u).length > LONG_FORM_WORDS) longForm++;
      }
    },

    finish(options) {
      const influenceByRank: (number | null)[] = [];
      for (let rank = 1; rank <= maxRank; rank++) {
        const counts = changedByRank[rank];
        influenceByRank.push(counts === undefined ? null : counts.changed / counts.scored);
      }
      const byType: Record<string, AdoptionCount> = {};
      for (const [type, { adopted, answered }] of adoptionByType)
        byType[type] = { adopted, answered, value: adopted / answered };
      return {
        questions,
        reliance: intervalOf(options, ['reliance'], reliances.values()),
        adoption: intervalOf(options, ['adoption'], adoption.adopted.values(), adoption.answered.values()),
        instability: intervalOf(options, ['instability'], instabilities.values()),
        influenceByRank,
        topPassageUse: influenceByRank[0] ?? null,
        deadPassageRate: pairs === 0 ? null : deadPairs / pairs,
        diagnoses,
        abstentionRate: withBaseline === 0 ? null : diagnoses.abstained / withBaseline,
        offContextAnswers,
        adoptionByType: byType,
        longFormShare: answers === 0 ? null : longForm / answers,
        probes: finishTallies(tallies),
        seam: seam.finish(options),
        alignment: alignment.finish(options),
      };
    },

    replayAgreement: (options) => replay.finish(options),

    units(metric) {
      return {
        numerators: units[metric].numerators.values(),
        denominators: units[metric].denominators.values(),
      };
    },
  };
}

/**
 * The run summary over questions, with percentile-bootstrap intervals (seeded per metric, so
 * each interval is reproducible on its own).
 */
export function summarize(questions: readonly ScoredQuestion[], options: IntervalOptions): Summary {
  const fold = createSummaryFold();
  for (const question of questions) fold.add(question);
  return fold.finish(options);
}
