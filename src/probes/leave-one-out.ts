import type { Probe } from './types.js';

/** Attribution: for each rank r, the passages without the one at rank r. */
export const leaveOneOutProbe: Probe = {
  name: 'leave-one-out',
  family: 'attribution',
  plan(context) {
    if (context.passages.length === 0) {
      return [{ probe: 'leave-one-out', applicable: false, reason: 'no passages were retrieved' }];
    }
    return context.passages.map((_, index) => ({
      probe: 'leave-one-out' as const,
      applicable: true as const,
      rank: index + 1,
      passages: context.passages.filter((__, other) => other !== index),
    }));
  },
};
