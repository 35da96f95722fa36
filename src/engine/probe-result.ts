import { matchWithAliases } from '../metrics/match.js';
import type { Matcher } from '../metrics/matcher.js';
import { corruptOutcome } from '../metrics/scores.js';
import type { ProbeResult } from '../model/types.js';
import type { ProbeVariant } from '../probes/types.js';
import type { CallResult } from './calls/scheduler.js';
import type { ProbeEffect } from './effect-sizes.js';

/** Probes whose answer is also checked against the gold answers (`correct`). */
const GOLD_CHECKED = new Set(['solo', 'gold']);

/** A probe variant and its call's result as the report records it; see docs/metrics.md. */
export function toProbeResult(
  variant: ProbeVariant,
  family: ProbeResult['family'],
  result: CallResult | undefined,
  baseline: string,
  matcher: Matcher,
  goldAnswers: readonly string[],
  effect: ProbeEffect = {},
): ProbeResult {
  if (!variant.applicable) {
    return { probe: variant.probe, family, applicable: false, reason: variant.reason };
  }
  // Built field by field, in the order the spread version gave: copying the object for every
  // optional field was the largest allocation of scoring.
  const probe: { -readonly [K in keyof ProbeResult]: ProbeResult[K] } = {
    probe: variant.probe,
    family,
    applicable: true,
  };
  if (variant.rank !== undefined) probe.rank = variant.rank;
  if (variant.target !== undefined) probe.target = variant.target;
  if (variant.substitute !== undefined) probe.substitute = variant.substitute;
  if (variant.answerType !== undefined) probe.answerType = variant.answerType;
  if (variant.source !== undefined) probe.source = variant.source;
  if (result === undefined || 'error' in result) {
    probe.error = result === undefined ? 'not run' : result.error;
    return probe;
  }
  // Two aliases of the question's own gold list name the same answer.
  const same = (a: string, b: string) => matchWithAliases((x, y) => matcher.match(x, y), a, b, goldAnswers);
  const answer = result.value.answer;
  probe.answer = answer;
  if (variant.probe === 'corrupt' && variant.substitute !== undefined) {
    const outcome = corruptOutcome(same(answer, variant.substitute), same(answer, baseline));
    probe.changed = outcome !== 'kept';
    probe.outcome = outcome;
  } else {
    probe.changed = !same(answer, baseline);
    if (GOLD_CHECKED.has(variant.probe) && goldAnswers.length > 0)
      probe.correct = goldAnswers.some((gold) => matcher.match(answer, gold));
  }
  if (result.value.logprobs !== undefined) probe.logprobs = result.value.logprobs;
  return Object.assign(probe, effect);
}
