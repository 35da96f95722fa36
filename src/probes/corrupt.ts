import { isAbstention, phraseReplacer } from '../metrics/normalize.js';
import { type Rng, randomInt } from '../metrics/random.js';
import type { Passage } from '../model/types.js';
import { type PhraseSearch, randomOrder } from './candidates.js';
import type { Probe, ProbeContext } from './types.js';

const NUMBER = /^\d+$/u;
const MAX_NUMBER_DRAWS = 50;

/** A different number with as many digits (no leading zero unless the target has one). */
function numberSubstitute(
  rng: Rng,
  target: string,
  passages: readonly Passage[],
  contains: PhraseSearch,
): string | undefined {
  for (let draw = 0; draw < MAX_NUMBER_DRAWS; draw++) {
    let digits = '';
    for (let i = 0; i < target.length; i++) {
      const lowest = i === 0 && target.length > 1 && target[0] !== '0' ? 1 : 0;
      digits += String(lowest + randomInt(rng, 10 - lowest));
    }
    if (digits !== target && !contains(passages, digits)) return digits;
  }
  return undefined;
}

/** Another question's answer that does not occur in these passages and does not match the target. */
function answerSubstitute(context: ProbeContext, target: string): string | undefined {
  for (const other of randomOrder(context.rng, context.pool)) {
    if (other.id === context.itemId) continue;
    const candidate = other.answers[0]?.trim();
    if (candidate === undefined || candidate === '' || isAbstention(candidate)) continue;
    if (NUMBER.test(candidate)) continue;
    if (context.matcher(candidate, target)) continue;
    if (context.contains(context.passages, candidate)) continue;
    return candidate;
  }
  return undefined;
}

/** Every whole-token, case-insensitive occurrence of `target` replaced, in titles and texts. */
export function replaceTarget(passages: readonly Passage[], target: string, substitute: string): Passage[] {
  const replace = phraseReplacer(target, substitute);
  return passages.map((passage) => ({
    ...passage,
    text: replace(passage.text),
    ...(passage.title === undefined ? {} : { title: replace(passage.title) }),
  }));
}

/**
 * Evidence-altering: every occurrence of the target in the passages replaced by a substitute of
 * the same shape. Not applicable when there is no target or no substitute.
 */
export const corruptProbe: Probe = {
  name: 'corrupt',
  family: 'altering',
  plan(context) {
    const { target } = context;
    if (target === undefined) {
      return [
        {
          probe: 'corrupt',
          applicable: false,
          reason: 'neither a gold answer nor the baseline answer occurs in the passages',
        },
      ];
    }
    const substitute = NUMBER.test(target)
      ? numberSubstitute(context.rng, target, context.passages, context.contains)
      : answerSubstitute(context, target);
    if (substitute === undefined) {
      return [{ probe: 'corrupt', applicable: false, reason: `no substitute found for "${target}"`, target }];
    }
    return [
      {
        probe: 'corrupt',
        applicable: true,
        passages: replaceTarget(context.passages, target, substitute),
        target,
        substitute,
      },
    ];
  },
};
