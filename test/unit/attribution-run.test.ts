import { describe, expect, test } from 'vitest';
import {
  contextSentences,
  maskedPassages,
  planAttribution,
  runAttribution,
} from '../../src/engine/attribution.js';
import type { CallResult } from '../../src/engine/calls/scheduler.js';
import type { GenerationRequest, ScoreRequest, ScoringGenerator } from '../../src/generators/types.js';
import { lexicalMatcher } from '../../src/metrics/matcher.js';
import type { Passage } from '../../src/model/types.js';

const passages: Passage[] = [
  { id: 'p1', title: 'Varn', text: 'Varn Lighthouse stands on the cape. It is white.' },
  { id: 'p2', text: 'The keeper of Varn Lighthouse is Ilse Marrow. She keeps a log.' },
  { id: 'p3', text: '' },
];
const KEY = 'The keeper of Varn Lighthouse is Ilse Marrow.';
const question = { question: 'Who keeps Varn Lighthouse?', passages, baseline: 'Ilse Marrow' };
const hasKey = (request: GenerationRequest) => request.passages.some((p) => p.text.includes(KEY));

describe('attribution plans and masks', () => {
  test('sentences by rank, offsets into each passage; empty passages have none', () => {
    expect(contextSentences(passages)).toEqual([
      { rank: 1, start: 0, end: 35, text: 'Varn Lighthouse stands on the cape.' },
      { rank: 1, start: 36, end: 48, text: 'It is white.' },
      { rank: 2, start: 0, end: 45, text: KEY },
      { rank: 2, start: 46, end: 62, text: 'She keeps a log.' },
    ]);
  });

  test.each([
    // mask over the four sentences -> passages sent (ids and texts)
    [
      [true, true, true, true],
      ['p1', 'p2', 'p3'],
      ['Varn Lighthouse stands on the cape. It is white.', `${KEY} She keeps a log.`, ''],
    ],
    [
      [false, true, true, false],
      ['p1', 'p2', 'p3'],
      ['It is white.', KEY, ''],
    ],
    [
      [false, false, false, true],
      ['p2', 'p3'],
      ['She keeps a log.', ''],
    ],
    [[false, false, false, false], ['p3'], ['']],
  ])('mask %j keeps %j', (mask, ids, texts) => {
    const kept = maskedPassages(passages, contextSentences(passages), mask);
    expect(kept.map((p) => p.id)).toEqual(ids);
    expect(kept.map((p) => p.text)).toEqual(texts);
    // A passage keeps its title when any of its sentences is kept.
    expect(kept.find((p) => p.id === 'p1')?.title).toBe(mask[0] || mask[1] ? 'Varn' : undefined);
  });

  test('a question is planned the same way every time, and not at all without a sentence', () => {
    const plan = planAttribution('q1', passages, 0, { samples: 8 });
    expect(plan?.masks.length).toBe(12);
    expect(plan?.fitCount).toBe(8);
    expect(planAttribution('q1', passages, 0, { samples: 8 })).toEqual(plan);
    expect(planAttribution('q2', passages, 0, { samples: 8 })?.masks).not.toEqual(plan?.masks);
    expect(planAttribution('q1', [{ id: 'e', text: ' ' }], 0, { samples: 8 })).toBeUndefined();
  });
});

describe('runAttribution', () => {
  test('a teacher-forcing generator: the logit of its probability, weight logit(0.9) − logit(0.1) on the key sentence', async () => {
    const scored: ScoreRequest[][] = [];
    const generator: ScoringGenerator = {
      id: 'fake:scoring',
      fingerprint: '',
      scoring: 'teacher-forced',
      generate: () => Promise.reject(new Error('attribution must score, not generate')),
      score: (requests) => {
        scored.push([...requests]);
        return Promise.resolve(requests.map((r) => Math.log(hasKey(r) ? 0.9 : 0.1)));
      },
    };
    const plan = planAttribution('q1', passages, 0, { samples: 32 });
    if (plan === undefined) throw new Error('no plan');
    const call = () => Promise.reject(new Error('no scheduled call expected'));
    // The run's scheduled scoring call (one request at a time; the scheduler batches them).
    const score = async (request: ScoreRequest) => ({
      value: (await generator.score([request]))[0] as number,
    });
    const result = await runAttribution(plan, question, {
      generator,
      call,
      matcher: lexicalMatcher('contains'),
      score,
    });
    expect(scored).toHaveLength(40);
    expect(scored.flat().every((r) => r.answer === 'Ilse Marrow')).toBe(true);
    expect(result.scoring).toBe('logprob');
    expect(result.sentences[2]?.weight).toBeCloseTo(2 * Math.log(9), 1);
    for (const j of [0, 1, 3]) expect(Math.abs(result.sentences[j]?.weight ?? 1)).toBeLessThan(0.25);
    expect(result.dependsOnContext).toBe(true);
    expect(result.lds).toBeCloseTo(1, 9);
  });

  test('a generator that cannot score: masks answered through the scheduled call, scored by match', async () => {
    const generator = {
      id: 'fake:plain',
      fingerprint: '',
      generate: () => Promise.reject(new Error('unused')),
    };
    let calls = 0;
    const call = (request: GenerationRequest): Promise<CallResult> => {
      calls++;
      if (calls === 3) return Promise.resolve({ error: 'timed out' });
      return Promise.resolve({ value: { answer: hasKey(request) ? 'Ilse Marrow.' : 'unknown' } });
    };
    const plan = planAttribution('q1', passages, 0, { samples: 32 });
    if (plan === undefined) throw new Error('no plan');
    const result = await runAttribution(plan, question, {
      generator,
      call,
      matcher: lexicalMatcher('contains'),
    });
    expect(calls).toBe(40);
    expect(result.scoring).toBe('match');
    expect(result.errors).toBe(1);
    expect(result.samples + result.heldOut).toBe(39);
    expect(result.sentences[2]?.weight).toBeCloseTo(1, 1);
  });
});
