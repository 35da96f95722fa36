import { shuffled } from '../metrics/random.js';
import type { Probe } from './types.js';

/** Evidence-preserving: the same passages in a seeded order other than the original. */
export const shuffleProbe: Probe = {
  name: 'shuffle',
  family: 'preserving',
  plan(context) {
    const count = context.passages.length;
    if (count < 2) {
      return [{ probe: 'shuffle', applicable: false, reason: 'fewer than two passages' }];
    }
    const ranks = Array.from({ length: count }, (_, i) => i);
    let order = shuffled(context.rng, ranks);
    // Redraw the identity; each draw is non-identity with probability at least 1/2.
    while (order.every((rank, position) => rank === position)) order = shuffled(context.rng, ranks);
    return [
      {
        probe: 'shuffle',
        applicable: true,
        passages: order.map((rank) => context.passages[rank]).filter((p) => p !== undefined),
      },
    ];
  },
};
