import type { Matcher } from '../metrics/matcher.js';
import { derivedRng } from '../metrics/random.js';
import type { Item, Passage } from '../model/types.js';
import { createPhraseSearch, type PhraseSearch } from '../probes/candidates.js';
import { buildSubstitutePool } from '../probes/substitute.js';
import { findTarget } from '../probes/target.js';
import type { PoolList, Probe, ProbeVariant } from '../probes/types.js';
import { poolAnswers } from './question-pool.js';

/** One question's planned probe calls, in suite order. */
export interface QuestionPlan {
  readonly target: string | undefined;
  readonly variants: readonly { readonly variant: ProbeVariant; readonly family: Probe['family'] }[];
}

/**
 * Plans every question the same way for a run, a dry run and early stopping: one pool of every
 * question (read by position, so it may stay on disk), one phrase search, and each probe's RNG
 * seeded from the seed, the question id and the probe name, so a plan never depends on the order
 * or company it is made in.
 */
export interface Planner {
  readonly pool: PoolList;
  /** The run's phrase search (compiled phrases are kept for the whole run). */
  readonly contains: PhraseSearch;
  /** `baseline` null: not known yet (`--dry-run`); only gold answers can then be the target. */
  plan(item: Item, passages: readonly Passage[], baseline: string | null): QuestionPlan;
}

export function createPlanner(
  pool: PoolList,
  settings: { readonly probes: readonly Probe[]; readonly seed: number },
  matcher: Matcher,
): Planner {
  const contains = createPhraseSearch();
  const substitutes = buildSubstitutePool(pool);
  return {
    pool,
    contains,
    plan(item, passages, baseline) {
      const target = findTarget(item.answers, baseline ?? '', passages, contains);
      const variants = settings.probes.flatMap((probe) =>
        probe
          .plan({
            itemId: item.id,
            question: item.question,
            answers: poolAnswers(item, baseline),
            passages,
            gold: item.goldPassages ?? [],
            baseline: baseline ?? '',
            target,
            pool,
            matcher: (a, b) => matcher.match(a, b),
            contains,
            rng: derivedRng(settings.seed, item.id, probe.name),
            substitutes,
          })
          .map((variant) => ({ variant, family: probe.family })),
      );
      return { target, variants };
    },
  };
}
