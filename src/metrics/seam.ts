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
import { bootstrapMean } from './bootstrap.js';
import { derivedRng } from './random.js';

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

function shareOf(
  questions: readonly SeamSource[],
  categories: readonly SeamCategory[],
  rng: ReturnType<typeof derivedRng>,
  resamples: number,
): Estimate {
  const flags = questions.map((q) => (q.seam !== undefined && categories.includes(q.seam.category) ? 1 : 0));
  return bootstrapMean(flags, rng, resamples);
}

/** The run's seam summary; each interval is seeded from the seed and its name. */
export function summarizeSeam(
  questions: readonly SeamSource[],
  options: { seed: number; resamples: number },
): SeamSummary {
  const { seed, resamples } = options;
  const counts = Object.fromEntries(SEAM_CATEGORIES.map((c) => [c, 0])) as Record<SeamCategory, number>;
  for (const question of questions) counts[question.seam?.category ?? 'unscored']++;
  const shares = Object.fromEntries(
    SEAM_CATEGORIES.map((c) => [
      c,
      shareOf(questions, [c], derivedRng(seed, 'bootstrap', `seam.${c}`), resamples),
    ]),
  ) as Record<SeamCategory, Estimate>;
  const inferred = questions.filter((q) => q.gold?.inferred === true).length;
  const given = questions.filter((q) => q.gold !== undefined && !q.gold.inferred).length;
  return {
    counts,
    shares,
    misledFollowed: questions.filter((q) => q.seam?.followed === true).length,
    wrong: questions.length - counts.ok - counts['memory-covered'] - counts.unscored,
    retrieverSide: shareOf(
      questions,
      RETRIEVER_SIDE,
      derivedRng(seed, 'bootstrap', 'seam.retriever-side'),
      resamples,
    ),
    generatorSide: shareOf(
      questions,
      GENERATOR_SIDE,
      derivedRng(seed, 'bootstrap', 'seam.generator-side'),
      resamples,
    ),
    goldEvidence: { given, inferred, none: questions.length - given - inferred },
  };
}
