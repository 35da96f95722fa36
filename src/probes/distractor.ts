import { randomOrder, unrelatedPassage } from './candidates.js';
import type { Probe } from './types.js';

/**
 * Evidence-preserving: one passage of another question, naming none of this question's answers,
 * from none of its source documents and not already among these passages, appended after the
 * last rank.
 */
export const distractorProbe: Probe = {
  name: 'distractor',
  family: 'preserving',
  plan(context) {
    if (context.passages.length === 0) {
      return [{ probe: 'distractor', applicable: false, reason: 'no passages were retrieved' }];
    }
    const ownTexts = new Set(context.passages.map((passage) => passage.text));
    const unrelated = unrelatedPassage(context);
    for (const other of randomOrder(context.rng, context.pool)) {
      if (other.id === context.itemId) continue;
      for (const passage of randomOrder(context.rng, other.passages)) {
        if (ownTexts.has(passage.text)) continue;
        if (!unrelated(passage)) continue;
        return [
          {
            probe: 'distractor',
            applicable: true,
            passages: [...context.passages, passage],
            source: passage.id,
          },
        ];
      }
    }
    return [{ probe: 'distractor', applicable: false, reason: 'no passage of another question qualifies' }];
  },
};
