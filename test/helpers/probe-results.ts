import type { ProbeResult } from '../../src/model/types.js';

/** An answered attribution probe at one rank (leave-one-out or solo), for metric tables. */
export function rankedResult(
  probe: 'leave-one-out' | 'solo',
  rank: number,
  changed: boolean,
  correct?: boolean,
): ProbeResult {
  return {
    probe,
    family: 'attribution',
    applicable: true,
    rank,
    answer: 'x',
    changed,
    ...(correct === undefined ? {} : { correct }),
  };
}
