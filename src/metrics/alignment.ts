import type { Estimate } from '../model/report.js';
import type { AlignmentSummary, RankingAgreement } from '../model/seam.js';
import type { Passage, ProbeName, ProbeResult } from '../model/types.js';
import { type IntervalOptions, intervalOf } from './bootstrap.js';
import { byteColumn, type Column, numberColumn } from './column.js';

/** NDCG@k of rank order under binary labels (gain 1, discount log2(rank + 1)); null with no positive label. */
export function ndcg(labels: readonly boolean[]): number | null {
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return null;
  let dcg = 0;
  labels.forEach((label, index) => {
    if (label) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < positives; index++) ideal += 1 / Math.log2(index + 2);
  return dcg / ideal;
}

/**
 * Kendall's tau-b between two equally long lists: (C - D) / sqrt((n0 - n1)(n0 - n2)) over all
 * pairs, where n1 and n2 are the pairs tied in x and in y. Null when a side is all ties (or n < 2).
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  let pairs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      pairs++;
      const dx = Math.sign((x[i] as number) - (x[j] as number));
      const dy = Math.sign((y[i] as number) - (y[j] as number));
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx * dy > 0) concordant++;
      if (dx * dy < 0) discordant++;
    }
  }
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return denominator === 0 ? null : (concordant - discordant) / denominator;
}

/** Whether a positive label sits below a negative one; null unless there are both. */
export function positiveBelowNegative(labels: readonly boolean[]): boolean | null {
  if (!labels.includes(true) || !labels.includes(false)) return null;
  return labels.lastIndexOf(true) > labels.indexOf(false);
}

/** What alignment reads from a question. */
export interface AlignmentSource {
  readonly answers: readonly string[];
  readonly passages: readonly Passage[];
  readonly probes: readonly ProbeResult[];
}

function answeredAt(question: AlignmentSource, probe: ProbeName, rank: number): ProbeResult | undefined {
  return question.probes.find(
    (p) =>
      p.probe === probe && p.rank === rank && p.applicable && p.error === undefined && p.answer !== undefined,
  );
}

/** Solo utility of one probe result: matches a gold answer, or without gold reproduces the baseline. */
function utility(result: ProbeResult): boolean {
  return result.correct ?? result.changed === false;
}

/**
 * Per-rank labels from one probe family, rank 1 first: solo utility, or leave-one-out influence.
 * Null unless every retrieved passage has an answered call.
 */
export function rankLabels(question: AlignmentSource, probe: 'solo' | 'leave-one-out'): boolean[] | null {
  if (question.passages.length === 0) return null;
  const labels: boolean[] = [];
  for (let rank = 1; rank <= question.passages.length; rank++) {
    const result = answeredAt(question, probe, rank);
    if (result === undefined) return null;
    labels.push(probe === 'solo' ? utility(result) : result.changed === true);
  }
  return labels;
}

/** The retriever's scores when every passage has one, else the reversed rank (higher is better). */
export function retrieverScores(passages: readonly Passage[]): number[] {
  if (passages.every((p) => typeof p.score === 'number')) return passages.map((p) => p.score as number);
  return passages.map((_, index) => -(index + 1));
}

/** One question's alignment values under one kind of label; null where undefined. */
export function questionAlignment(
  question: AlignmentSource,
  probe: 'solo' | 'leave-one-out',
): { ndcg: number | null; kendallTau: number | null; usefulBelowUseless: boolean | null } {
  const labels = rankLabels(question, probe);
  if (labels === null) return { ndcg: null, kendallTau: null, usefulBelowUseless: null };
  return {
    ndcg: ndcg(labels),
    kendallTau: kendallTauB(
      retrieverScores(question.passages),
      labels.map((label) => (label ? 1 : 0)),
    ),
    usefulBelowUseless: positiveBelowNegative(labels),
  };
}

/** The three per-question values of one kind of label, kept as columns. */
function agreementFold() {
  const columns = { ndcg: numberColumn(), kendallTau: numberColumn(), usefulBelowUseless: byteColumn() };
  return {
    add(question: AlignmentSource, probe: 'solo' | 'leave-one-out') {
      const v = questionAlignment(question, probe);
      if (v.ndcg !== null) columns.ndcg.push(v.ndcg);
      if (v.kendallTau !== null) columns.kendallTau.push(v.kendallTau);
      if (v.usefulBelowUseless !== null) columns.usefulBelowUseless.push(v.usefulBelowUseless ? 1 : 0);
    },
    finish(name: string, options: IntervalOptions): RankingAgreement {
      const estimate = (metric: keyof typeof columns) =>
        intervalOf(options, [`${name}.${metric}`], columns[metric].values());
      return {
        ndcg: estimate('ndcg'),
        kendallTau: estimate('kendallTau'),
        usefulBelowUseless: estimate('usefulBelowUseless'),
      };
    },
  };
}

/** Adds questions one at a time; {@link summarizeAlignment} over a list is the same fold. */
export interface AlignmentFold {
  add(question: AlignmentSource): void;
  finish(options: IntervalOptions): AlignmentSummary;
}

/** Keeps a few numbers per question: the ranking values and each rank's solo utility flag. */
export function createAlignmentFold(): AlignmentFold {
  const solo = agreementFold();
  const influence = agreementFold();
  const utility: Column[] = [];
  let maxRank = 0;
  return {
    add(question) {
      solo.add(question, 'solo');
      influence.add(question, 'leave-one-out');
      maxRank = Math.max(maxRank, question.passages.length);
      if (question.answers.length === 0) return;
      for (let rank = 1; rank <= question.passages.length; rank++) {
        const correct = answeredAt(question, 'solo', rank)?.correct;
        if (correct === undefined) continue;
        utility[rank - 1] ??= byteColumn();
        (utility[rank - 1] as Column).push(correct ? 1 : 0);
      }
    },
    finish(options) {
      const utilityAtRank: Estimate[] = [];
      for (let rank = 1; rank <= maxRank; rank++) {
        utilityAtRank.push(intervalOf(options, [`utility@${rank}`], utility[rank - 1]?.values() ?? []));
      }
      return {
        ...solo.finish('alignment', options),
        utilityAtRank,
        influence: influence.finish('alignment.influence', options),
      };
    },
  };
}

/** The run's alignment summary, with bootstrap intervals over questions. */
export function summarizeAlignment(
  questions: readonly AlignmentSource[],
  options: { seed: number; resamples: number },
): AlignmentSummary {
  const fold = createAlignmentFold();
  for (const question of questions) fold.add(question);
  return fold.finish(options);
}
