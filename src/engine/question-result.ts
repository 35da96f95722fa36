import { isAbstention } from '../metrics/abstention.js';
import { questionEffects } from '../metrics/effect-sizes.js';
import type { Matcher } from '../metrics/matcher.js';
import { diagnose, questionScores } from '../metrics/scores.js';
import { seamOf } from '../metrics/seam.js';
import type { QuestionResult } from '../model/report.js';
import type { Item, Passage } from '../model/types.js';
import type { PhraseSearch } from '../probes/candidates.js';
import type { CallResult } from './calls/scheduler.js';
import type { QuestionEffect } from './effect-sizes.js';
import type { QuestionPlan } from './plan.js';
import { toProbeResult } from './probe-result.js';

/** One probed question's plan: its baseline (null when that call failed) and planned probe calls. */
export interface PlannedQuestion extends QuestionPlan {
  readonly item: Item;
  readonly baseline: string | null;
  readonly passages: readonly Passage[];
}

/** A question's result as the report records it: its probes' answers scored against the baseline. */
export function questionResult(
  plan: PlannedQuestion,
  baselineResult: CallResult,
  answered: readonly (CallResult | undefined)[],
  matcher: Matcher,
  contains: PhraseSearch,
  extras: { effect?: QuestionEffect | undefined; attribution?: QuestionResult['attribution'] } = {},
): QuestionResult {
  const { loggedResponse } = plan.item;
  const { effect, attribution } = extras;
  const probes = plan.variants.map(({ variant, family }, position) =>
    toProbeResult(
      variant,
      family,
      answered[position],
      plan.baseline ?? '',
      matcher,
      plan.item.answers,
      effect?.probes[position],
    ),
  );
  const { reliance, instability } = questionScores(probes);
  const { goldPassages } = plan.item;
  const seam = seamOf({
    answers: plan.item.answers,
    baseline: plan.baseline,
    passages: plan.passages,
    probes,
    matcher: (a, b) => matcher.match(a, b),
    contains,
  });
  return {
    id: plan.item.id,
    question: plan.item.question,
    answers: plan.item.answers,
    passages: plan.passages,
    baseline: plan.baseline,
    ...('value' in baselineResult && baselineResult.value.logprobs !== undefined
      ? { baselineLogprobs: baselineResult.value.logprobs }
      : {}),
    ...(loggedResponse === undefined ? {} : { loggedResponse }),
    ...(loggedResponse === undefined || plan.baseline === null
      ? {}
      : { replayMatch: matcher.match(plan.baseline, loggedResponse) }),
    ...('error' in baselineResult ? { error: baselineResult.error } : {}),
    target: plan.target ?? null,
    reliance,
    instability,
    ...(effect === undefined
      ? {}
      : {
          ...(effect.a0Logprob === undefined ? {} : { a0Logprob: effect.a0Logprob }),
          effects: questionEffects(probes),
        }),
    diagnosis: diagnose(reliance, instability, plan.baseline !== null && isAbstention(plan.baseline)),
    seam,
    ...(goldPassages === undefined || goldPassages.length === 0
      ? {}
      : { gold: { passages: goldPassages, inferred: plan.item.goldInferred === true } }),
    probes,
    ...(attribution === undefined ? {} : { attribution }),
    ...(plan.item.meta === undefined ? {} : { meta: plan.item.meta }),
    line: plan.item.line,
  };
}

/** Generator calls a question needed (its baseline and applicable probes) and the ones that failed. */
export function callsOf(question: QuestionResult): { calls: number; errors: number } {
  let calls = 1;
  let errors = question.baseline === null ? 1 : 0;
  for (const probe of question.probes) {
    if (probe.applicable) calls++;
    if (probe.error !== undefined) errors++;
  }
  const { attribution } = question;
  if (attribution !== undefined) {
    calls += attribution.samples + attribution.heldOut + attribution.errors;
    errors += attribution.errors;
  }
  return { calls, errors };
}
