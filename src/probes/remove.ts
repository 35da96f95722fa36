import type { Probe } from './types.js';

/** Evidence-altering: the question with no passages at all. */
export const removeProbe: Probe = {
  name: 'remove',
  family: 'altering',
  plan(context) {
    if (context.passages.length === 0) {
      return [{ probe: 'remove', applicable: false, reason: 'no passages were retrieved' }];
    }
    return [{ probe: 'remove', applicable: true, passages: [] }];
  },
};
