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
  const common = {
    probe: variant.probe,
    family,
    applicable: true,
    ...(variant.rank === undefined ? {} : { rank: variant.rank }),
    ...(variant.target === undefined ? {} : { target: variant.target }),
    ...(variant.substitute === undefined ? {} : { substitute: variant.substitute }),
    ...(variant.answerType === undefined ? {} : { answerType: variant.answerType }),
    ...(variant.source === undefined ? {} : { source: variant.source }),
  };
  if (result === undefined || 'error' in result) {
    return { ...common, error: result === undefined ? 'not run' : result.error };
  }
  // Two aliases of the question's own gold list name the same answer.
  const same = (a: string, b: string) => matchWithAliases((x, y) => matcher.match(x, y), a, b, goldAnswers);
  const answer = result.value.answer;
  const logprobs = result.value.logprobs === undefined ? {} : { logprobs: result.value.logprobs };
  if (variant.probe === 'corrupt' && variant.substitute !== undefined) {
    const outcome = corruptOutcome(same(answer, variant.substitute), same(answer, baseline));
    return { ...common, answer, changed: outcome !== 'kept', outcome, ...logprobs, ...effect };
  }
  const correct =
    GOLD_CHECKED.has(variant.probe) && goldAnswers.length > 0
      ? { correct: goldAnswers.some((gold) => matcher.match(answer, gold)) }
      : {};
  return { ...common, answer, changed: !same(answer, baseline), ...correct, ...logprobs, ...effect };
}
