import { describe, expect, it } from 'vitest';
import { type GroupedQuestion, groupScores } from '../../src/metrics/group-scores.js';
import type { CorruptOutcome, ProbeResult } from '../../src/model/types.js';

function corrupt(outcome: CorruptOutcome | 'error' | 'na'): ProbeResult {
  if (outcome === 'na')
    return { probe: 'corrupt', family: 'evidence', applicable: false, reason: 'no target' };
  if (outcome === 'error')
    return { probe: 'corrupt', family: 'evidence', applicable: true, error: 'timeout' };
  return {
    probe: 'corrupt',
    family: 'evidence',
    applicable: true,
    answer: 'x',
    changed: outcome !== 'kept',
    outcome,
  };
}

function q(
  reliance: number | null,
  instability: number | null,
  diagnosis: GroupedQuestion['diagnosis'],
  ...probes: ProbeResult[]
): GroupedQuestion {
  return { reliance, instability, diagnosis, probes };
}

describe('groupScores: the summary definitions over one group', () => {
  it.each([
    ['no questions', [], { questions: 0, reliance: null, instability: null, adoption: null, diagnoses: {} }],
    [
      'one grounded question that adopted',
      [q(1, 0, 'grounded', corrupt('adopted'))],
      { questions: 1, reliance: 1, instability: 0, adoption: 1, diagnoses: { grounded: 1 } },
    ],
    [
      // (1 + 0.5) / 2 reliance; the abstained question is left out of reliance and adoption, not instability.
      'an abstained question counts only for instability and the mix',
      [
        q(1, 0, 'grounded', corrupt('adopted')),
        q(0.5, 0.5, 'brittle', corrupt('kept')),
        q(0, 1, 'abstained', corrupt('adopted')),
      ],
      {
        questions: 3,
        reliance: 0.75,
        instability: 0.5,
        adoption: 0.5,
        diagnoses: { grounded: 1, brittle: 1, abstained: 1 },
      },
    ],
    [
      'failed and not-applicable corrupt probes are not answered ones',
      [q(null, null, 'unscored', corrupt('error')), q(0, 0, 'parametric', corrupt('na'), corrupt('other'))],
      { questions: 2, reliance: 0, instability: 0, adoption: 0, diagnoses: { unscored: 1, parametric: 1 } },
    ],
  ])('%s', (_name, questions, expected) => {
    expect(groupScores(questions)).toEqual(expected);
  });
});
