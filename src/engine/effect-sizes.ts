import type { Generation, Generator, ScoreRequest, ScoringMethod } from '../generators/types.js';
import { isScoringGenerator } from '../generators/types.js';
import { probabilityDrop } from '../metrics/effect-sizes.js';
import type { Item, Passage, ProbeResult } from '../model/types.js';
import type { ProbeVariant } from '../probes/types.js';
import {
  type CallOutcome,
  type CallResult,
  CallScheduler,
  type SchedulerOptions,
  scoreCalls,
} from './calls/scheduler.js';
import type { ScoreCache } from './calls/score-cache.js';

/** The effect fields of one probe: a0's log-probability under it and the drops from the baseline. */
export type ProbeEffect = Pick<ProbeResult, 'a0Logprob' | 'logprobDrop' | 'probabilityDrop'>;

/** One question's effect sizes: log P(a0) under its retrieved passages, and under each probe. */
export interface QuestionEffect {
  readonly a0Logprob: number | undefined;
  readonly probes: readonly ProbeEffect[];
}

/** What effect sizes need of a planned question. */
export interface EffectPlan {
  readonly item: Item;
  readonly baseline: string | null;
  readonly passages: readonly Passage[];
  readonly variants: readonly { readonly variant: ProbeVariant }[];
}

/** How a0 is scored in a run: by scoring calls, or from the answers' own log-probabilities. */
export type EffectScoring =
  | { readonly method: 'teacher-forced'; readonly scheduler: CallScheduler<ScoreRequest, number> }
  | { readonly method: 'generated' };

/**
 * The scoring method a run uses for `generator`: its own when it scores answers (a scoring
 * generator), else the log-probabilities its answers carry (`generated`).
 */
export function scoringMethodOf(generator: Generator): ScoringMethod {
  return isScoringGenerator(generator) ? generator.scoring : 'generated';
}

/** The run's scoring: calls through a scheduler of their own for teacher forcing, none otherwise. */
export function effectScoring(
  generator: Generator,
  cache: ScoreCache,
  options: SchedulerOptions,
): EffectScoring {
  return isScoringGenerator(generator) && generator.scoring === 'teacher-forced'
    ? { method: 'teacher-forced', scheduler: new CallScheduler(scoreCalls(generator), cache, options) }
    : { method: 'generated' };
}

/** Whether a run measures effect sizes: as asked, else when the generator scores in-process. */
export function wantsEffectSizes(asked: boolean | undefined, generator: Generator): boolean {
  return asked ?? (isScoringGenerator(generator) && generator.scoresLocally === true);
}

const finite = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) ? value : undefined;

const sum = (values: readonly number[] | undefined): number | undefined =>
  values === undefined || values.length === 0 ? undefined : finite(values.reduce((a, b) => a + b, 0));

/** The effect fields of a probe whose a0 log-probability is `logprob` (undefined: not measured). */
function effectOf(baseline: number | undefined, logprob: number | undefined): ProbeEffect {
  if (baseline === undefined || logprob === undefined) return {};
  return {
    a0Logprob: logprob,
    logprobDrop: baseline - logprob,
    probabilityDrop: probabilityDrop(baseline, logprob),
  };
}

/**
 * Generated scoring: a probe's answer scores a0 only when it is a0 itself (the sum of its token
 * log-probabilities). Another answer means greedy decoding preferred it, so P(a0 | probe) is
 * counted as 0: its drop is the baseline's whole P(a0), an upper bound (docs/metrics.md).
 */
function generatedEffects(
  plan: EffectPlan,
  baseline: Generation,
  answers: readonly (CallResult | undefined)[],
) {
  const a0 = sum(baseline.logprobs);
  const probes = plan.variants.map((_, position): ProbeEffect => {
    const result = answers[position];
    if (a0 === undefined || result === undefined || !('value' in result)) return {};
    if (result.value.answer !== plan.baseline) return { probabilityDrop: Math.exp(a0) };
    return effectOf(a0, sum(result.value.logprobs));
  });
  return { a0Logprob: a0, probes };
}

/**
 * Scores a0 (each question's baseline answer) under its retrieved passages and under every
 * applicable, answered probe. Teacher-forced scoring makes one scoring call per score through the
 * scheduler (cache, batching, retries); a failed score leaves that probe unmeasured and is counted
 * in `errors`. Generated scoring makes no call.
 */
export async function measureEffects(
  plans: readonly EffectPlan[],
  baselines: ReadonlyMap<string, CallResult>,
  answered: readonly (readonly (CallResult | undefined)[])[],
  scoring: EffectScoring,
): Promise<{ effects: QuestionEffect[]; errors: number }> {
  const unscored = (plan: EffectPlan): QuestionEffect => ({
    a0Logprob: undefined,
    probes: plan.variants.map(() => ({})),
  });
  const scorable = (plan: EffectPlan) => plan.baseline !== null && plan.baseline.trim() !== '';
  if (scoring.method === 'generated') {
    const effects = plans.map((plan, index) => {
      const baseline = baselines.get(plan.item.id);
      if (!scorable(plan) || baseline === undefined || !('value' in baseline)) return unscored(plan);
      return generatedEffects(plan, baseline.value, answered[index] ?? []);
    });
    return { effects, errors: 0 };
  }
  let errors = 0;
  const score = (plan: EffectPlan, passages: readonly Passage[]): Promise<number | undefined> =>
    scoring.scheduler
      .call({ question: plan.item.question, passages, answer: plan.baseline as string })
      .then((outcome: CallOutcome<number>) => {
        if ('error' in outcome) errors++;
        return 'value' in outcome ? finite(outcome.value) : undefined;
      });
  const effects = await Promise.all(
    plans.map(async (plan, index): Promise<QuestionEffect> => {
      if (!scorable(plan)) return unscored(plan);
      const [a0, ...probes] = await Promise.all([
        score(plan, plan.passages),
        ...plan.variants.map(({ variant }, position) => {
          const result = answered[index]?.[position];
          return variant.applicable && result !== undefined && 'value' in result
            ? score(plan, variant.passages)
            : Promise.resolve(undefined);
        }),
      ]);
      return { a0Logprob: a0, probes: probes.map((logprob) => effectOf(a0, logprob)) };
    }),
  );
  return { effects, errors };
}
