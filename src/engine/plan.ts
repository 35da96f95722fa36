import type { Matcher } from '../metrics/matcher.js';
import { derivedRng } from '../metrics/random.js';
import type { Item, Passage } from '../model/types.js';
import { createPhraseSearch, type PhraseSearch } from '../probes/candidates.js';
import { buildSubstitutePool } from '../probes/substitute.js';
import { findTarget } from '../probes/target.js';
import type { PoolItem, Probe, ProbeVariant } from '../probes/types.js';

/**
 * The answers a question contributes to the pool: gold answers, else its logged response, else
 * its baseline answer (null before the baseline is known, as in `--dry-run`).
 */
export function poolAnswers(item: Item, baseline: string | null): string[] {
  if (item.answers.length > 0) return [...item.answers];
  if (item.loggedResponse !== undefined) return [item.loggedResponse];
  return baseline === null ? [] : [baseline];
}

/** One question's planned probe calls, in suite order. */
export interface QuestionPlan {
  readonly target: string | undefined;
  readonly variants: readonly { readonly variant: ProbeVariant; readonly family: Probe['family'] }[];
}

/**
 * Plans every question the same way for a run, a dry run and early stopping: one pool of every
 * question, one phrase search, and each probe's RNG seeded from the seed, the question id and the
 * probe name, so a plan never depends on the order or company it is made in.
 */
export interface Planner {
  readonly pool: readonly PoolItem[];
  /** The run's phrase search (compiled phrases are kept for the whole run). */
  readonly contains: PhraseSearch;
  /** `baseline` null: not known yet (`--dry-run`); only gold answers can then be the target. */
  plan(item: Item, passages: readonly Passage[], baseline: string | null): QuestionPlan;
}

export function createPlanner(
  items: readonly Item[],
  passagesById: ReadonlyMap<string, readonly Passage[]>,
  baselines: ReadonlyMap<string, string | null>,
  settings: { readonly probes: readonly Probe[]; readonly seed: number },
  matcher: Matcher,
): Planner {
  const pool: PoolItem[] = items.map((item) => ({
    id: item.id,
    question: item.question,
    answers: poolAnswers(item, baselines.get(item.id) ?? null),
    passages: passagesById.get(item.id) ?? [],
    ...(item.meta?.chosenSubstitute === true ? { chosenSubstitute: true } : {}),
  }));
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
