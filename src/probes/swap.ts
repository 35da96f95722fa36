import { answersDiffer, randomOrder, unrelatedPassage } from './candidates.js';
import type { Probe } from './types.js';

/**
 * Evidence-altering: the passages of another question (seeded choice) that name none of this
 * question's answers, come from none of its source documents, and whose answers differ from
 * this question's.
 */
export const swapProbe: Probe = {
  name: 'swap',
  family: 'altering',
  plan(context) {
    if (context.passages.length === 0) {
      return [{ probe: 'swap', applicable: false, reason: 'no passages were retrieved' }];
    }
    const ownTexts = new Set(context.passages.map((passage) => passage.text));
    const unrelated = unrelatedPassage(context);
    for (const other of randomOrder(context.rng, context.pool)) {
      if (other.id === context.itemId || other.passages.length === 0) continue;
      if (other.passages.every((passage) => ownTexts.has(passage.text))) continue;
      if (!other.passages.every(unrelated)) continue;
      if (!answersDiffer(context.answers, other.answers, context.matcher)) continue;
      return [{ probe: 'swap', applicable: true, passages: other.passages, source: other.id }];
    }
    return [
      {
        probe: 'swap',
        applicable: false,
        reason:
          "no other question has passages of its own, free of this question's answers, and different answers",
      },
    ];
  },
};
