import type { Probe } from './types.js';

/**
 * Evidence-altering: the question with the gold evidence only, to tell whether the generator can
 * answer at all when given the right evidence. Not applicable when no gold evidence is known.
 * Not part of reliance (docs/metrics.md): when the retriever found the gold passage, sending it
 * alone is not a change of evidence.
 */
export const goldProbe: Probe = {
  name: 'gold',
  family: 'altering',
  plan(context) {
    if (context.gold.length === 0) {
      return [{ probe: 'gold', applicable: false, reason: 'no gold passage is known' }];
    }
    return [{ probe: 'gold', applicable: true, passages: context.gold }];
  },
};
