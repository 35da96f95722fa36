import { corruptProbe } from './corrupt.js';
import { distractorProbe } from './distractor.js';
import { goldProbe } from './gold.js';
import { leaveOneOutProbe } from './leave-one-out.js';
import { removeProbe } from './remove.js';
import { shuffleProbe } from './shuffle.js';
import { soloProbe } from './solo.js';
import { swapProbe } from './swap.js';
import { PROBE_NAMES, type Probe, type ProbeName } from './types.js';

/** Every probe by name. */
export const PROBES = {
  remove: removeProbe,
  swap: swapProbe,
  corrupt: corruptProbe,
  'leave-one-out': leaveOneOutProbe,
  shuffle: shuffleProbe,
  distractor: distractorProbe,
  solo: soloProbe,
  gold: goldProbe,
} as const satisfies Record<ProbeName, Probe>;

/** True when `name` is a probe name. */
export function isProbeName(name: string): name is ProbeName {
  return (PROBE_NAMES as readonly string[]).includes(name);
}
