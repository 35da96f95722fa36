import type { Estimate } from '../model/report.js';
import {
  GENERATOR_SIDE,
  RETRIEVER_SIDE,
  SEAM_CATEGORIES,
  type SeamCategory,
  type SeamSummary,
  type SeamVerdict,
} from '../model/seam.js';
import type { Passage, ProbeResult } from '../model/types.js';
import { isAbstention } from './abstention.js';
import { type IntervalOptions, intervalOf } from './bootstrap.js';
import { byteColumn } from './column.js';

/** Everything the seam of one question is decided from. */
export interface SeamInput {
  /** Gold answers; empty means unscored. */
  readonly answers: readonly string[];
  /** The baseline answer; null when its call failed (unscored). */
  readonly baseline: string | null;
  /** The retrieved top-k passages, rank 1 first. */
  readonly passages: readonly Passage[];
  /** The question's probe results: the `gold` probe decides step 3.3, leave-one-out `followed`. */
  readonly probes: readonly ProbeResult[];
  readonly matcher: (a: string, b: string) => boolean;
  /** Whole-token phrase search over passages (the run's PhraseSearch). */
  readonly contains: (passages: readonly Passage[], phrase: string) => boolean;
}

/** The seam category of one question, in the order docs/metrics.md defines. */
export function seamOf(input: SeamInput): SeamVerdict {
  const { answers, baseline, passages, matcher, contains } = input;
  if (answers.length === 0 || baseline === null) return { category: 'unscored' };
  const goldRetrieved = answers.some((answer) => answer.trim() !== '' && contains(passages, answer));
  if (answers.some((answer) => matcher(baseline, answer))) {
    return { category: goldRetrieved ? 'ok' : 'memory-covered' };
  }
  if (!isAbstention(baseline)) {
    const misleading = passages.findIndex((passage) => contains([passage], baseline.trim()));
    if (misleading >= 0) {
      const rank = misleading + 1;
      const without = input.probes.find(
        (p) =>
          p.probe === 'leave-one-out' && p.rank === rank && p.changed !== undefined && p.error === undefined,
      );
      return {
        category: 'misled-by-passage',
        rank,
        ...(without === undefined ? {} : { followed: without.changed === true }),
      };
    }
  }
  if (goldRetrieved) return { category: 'generator-ignored' };
  const gold = input.probes.find((p) => p.probe === 'gold');
  if (gold === undefined || !gold.applicable) return { category: 'evidence-missing' };
  // A failed gold call decides nothing; the failure is counted in the run's errors.
  if (gold.error !== undefined || gold.answer === undefined) return { category: 'unscored' };
  const answer = gold.answer;
  return { category: answers.some((a) => matcher(answer, a)) ? 'retriever-miss' : 'fails-with-gold' };
}

/** What the seam summary reads from a question. */
export interface SeamSource {
  readonly seam?: SeamVerdict;
  readonly gold?: { readonly inferred: boolean };
}

/** Adds questions one at a time; {@link summarizeSeam} over a list is the same fold. */
export interface SeamFold {
  add(question: SeamSource): void;
  finish(options: IntervalOptions): SeamSummary;
}

/** Keeps one byte per question (its category) and a few counts. */
export function createSeamFold(): SeamFold {
  const categories = byteColumn();
  const counts = Object.fromEntries(SEAM_CATEGORIES.map((c) => [c, 0])) as Record<SeamCategory, number>;
  let inferred = 0;
  let given = 0;
  let misledFollowed = 0;
  const shareOf = (counted: readonly SeamCategory[], name: string, options: IntervalOptions) => {
    const codes = new Set(counted.map((c) => SEAM_CATEGORIES.indexOf(c)));
    const all = categories.values();
    const flags = new Uint8Array(all.length);
    for (let i = 0; i < all.length; i++) flags[i] = codes.has(all[i] as number) ? 1 : 0;
    return intervalOf(options, [name], flags);
  };
  return {
    add(question) {
      const category = question.seam?.category;
      // No verdict counts as unscored, and shares none of the categories.
      categories.push(category === undefined ? NO_CATEGORY : SEAM_CATEGORIES.indexOf(category));
      counts[category ?? 'unscored']++;
      if (question.gold?.inferred === true) inferred++;
      if (question.gold !== undefined && !question.gold.inferred) given++;
      if (question.seam?.followed === true) misledFollowed++;
    },
    finish(options) {
      const total = categories.length;
      const shares = Object.fromEntries(
        SEAM_CATEGORIES.map((c) => [c, shareOf([c], `seam.${c}`, options)]),
      ) as Record<SeamCategory, Estimate>;
      return {
        counts,
        shares,
        misledFollowed,
        wrong: total - counts.ok - counts['memory-covered'] - counts.unscored,
        retrieverSide: shareOf(RETRIEVER_SIDE, 'seam.retriever-side', options),
        generatorSide: shareOf(GENERATOR_SIDE, 'seam.generator-side', options),
        goldEvidence: { given, inferred, none: total - given - inferred },
      };
    },
  };
}

/** The code of a question without a seam verdict: no category's. */
const NO_CATEGORY = 255;

/** The run's seam summary; each interval is seeded from the seed and its name. */
export function summarizeSeam(questions: readonly SeamSource[], options: IntervalOptions): SeamSummary {
  const fold = createSeamFold();
  for (const question of questions) fold.add(question);
  return fold.finish(options);
}
