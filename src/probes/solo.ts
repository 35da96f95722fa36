import type { Probe } from './types.js';

/** Attribution: for each rank r, the passage at rank r alone (its utility, docs/metrics.md). */
export const soloProbe: Probe = {
  name: 'solo',
  family: 'attribution',
  plan(context) {
    if (context.passages.length === 0) {
      return [{ probe: 'solo', applicable: false, reason: 'no passages were retrieved' }];
    }
    return context.passages.map((passage, index) => ({
      probe: 'solo' as const,
      applicable: true as const,
      rank: index + 1,
      passages: [passage],
    }));
  },
};
