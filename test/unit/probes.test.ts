import { describe, expect, test } from 'vitest';
import { lexicalMatcher } from '../../src/metrics/matcher.js';
import { derivedRng } from '../../src/metrics/random.js';
import type { Passage } from '../../src/model/types.js';
import { createPhraseSearch } from '../../src/probes/candidates.js';
import { replaceTarget } from '../../src/probes/corrupt.js';
import { isProbeName, PROBES } from '../../src/probes/registry.js';
import { findTarget } from '../../src/probes/target.js';
import {
  type PoolItem,
  PROBE_NAMES,
  type ProbeContext,
  type ProbeName,
  type ProbeVariant,
} from '../../src/probes/types.js';

const SEEDS = Array.from({ length: 60 }, (_, seed) => seed);

const passage = (id: string, text: string, title?: string): Passage => ({
  id,
  text,
  ...(title === undefined ? {} : { title }),
});

/** The question under test: "What is the capital of France?" with three passages. */
const own: PoolItem = {
  id: 'q1',
  answers: ['Paris'],
  passages: [
    passage('q1#1', 'Paris is the capital of France.', 'Paris'),
    passage('q1#2', 'The Seine flows through the city.'),
    passage('q1#3', 'Parisian cafes line the boulevards.'),
  ],
};

interface ContextOptions {
  readonly item?: PoolItem;
  readonly others?: readonly PoolItem[];
  readonly target?: string | undefined;
  readonly baseline?: string;
  readonly seed?: number;
  readonly gold?: readonly Passage[];
}

/** A context as the runner builds it: the pool holds every question, this one included. */
function contextFor(probe: ProbeName, options: ContextOptions = {}): ProbeContext {
  const item = options.item ?? own;
  return {
    itemId: item.id,
    ...(item.question === undefined ? {} : { question: item.question }),
    answers: item.answers,
    passages: item.passages,
    gold: options.gold ?? [],
    baseline: options.baseline ?? item.answers[0] ?? '',
    target: 'target' in options ? options.target : item.answers[0],
    pool: [item, ...(options.others ?? [])],
    matcher: lexicalMatcher('contains').match,
    rng: derivedRng(options.seed ?? 0, item.id, probe),
    contains: createPhraseSearch(),
  };
}

function plan(probe: ProbeName, options: ContextOptions = {}): ProbeVariant[] {
  return PROBES[probe].plan(contextFor(probe, options));
}

/** The single applicable variant of a plan; fails the test otherwise. */
function applicable(variants: ProbeVariant[]) {
  expect(variants).toHaveLength(1);
  const [variant] = variants;
  if (variant === undefined || !variant.applicable)
    throw new Error(`not applicable: ${JSON.stringify(variant)}`);
  return variant;
}

const noPassages: PoolItem = { id: 'empty', answers: ['Paris'], passages: [] };
const onePassage: PoolItem = {
  id: 'single',
  answers: ['Paris'],
  passages: [passage('s#1', 'Paris, France.')],
};

describe('registry', () => {
  test('every probe name has its probe and family', () => {
    expect(Object.keys(PROBES)).toEqual([...PROBE_NAMES]);
    const families = Object.fromEntries(PROBE_NAMES.map((name) => [name, PROBES[name].family]));
    expect(families).toEqual({
      remove: 'altering',
      swap: 'altering',
      corrupt: 'altering',
      'leave-one-out': 'attribution',
      shuffle: 'preserving',
      distractor: 'preserving',
      solo: 'attribution',
      gold: 'altering',
    });
    expect(isProbeName('shuffle')).toBe(true);
    expect(isProbeName('Shuffle')).toBe(false);
  });

  test.each([...PROBE_NAMES])('%s is not applicable without passages', (name) => {
    const variants = plan(name, { item: noPassages, target: undefined });
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatchObject({ probe: name, applicable: false });
  });
});

describe('solo and gold', () => {
  test('solo: each passage alone, one call per rank', () => {
    const variants = plan('solo');
    expect(variants.map((v) => (v.applicable ? [v.rank, v.passages] : v))).toEqual(
      own.passages.map((p, i) => [i + 1, [p]]),
    );
  });

  test('gold: the gold passages only, with or without retrieved passages', () => {
    const gold = [passage('g', 'The capital of France is Paris.')];
    expect(applicable(plan('gold', { gold })).passages).toEqual(gold);
    expect(applicable(plan('gold', { gold, item: noPassages, target: undefined })).passages).toEqual(gold);
    expect(plan('gold')).toEqual([{ probe: 'gold', applicable: false, reason: 'no gold passage is known' }]);
  });
});

describe('remove', () => {
  test('asks with no passages at all', () => {
    expect(plan('remove')).toEqual([{ probe: 'remove', applicable: true, passages: [] }]);
  });
});

describe('swap', () => {
  const sameAnswer: PoolItem = {
    id: 'same-answer',
    answers: ['Paris, France'],
    passages: [passage('a', 'Rivers.')],
  };
  const hasTarget: PoolItem = {
    id: 'has-target',
    answers: ['Rome'],
    passages: [passage('b', 'PARIS hosted 1900.')],
  };
  const titleHasTarget: PoolItem = {
    id: 'title-has-target',
    answers: ['Oslo'],
    passages: [passage('c', 'A city of light.', 'paris')],
  };
  const empty: PoolItem = { id: 'no-passages', answers: ['Berlin'], passages: [] };
  const samePassages: PoolItem = { id: 'same-passages', answers: ['Madrid'], passages: [...own.passages] };
  const tokyo: PoolItem = { id: 'tokyo', answers: ['Tokyo'], passages: [passage('d', 'Tokyo is in Japan.')] };
  // "Parisian" is not the target as a whole token, so this one qualifies too.
  const vienna: PoolItem = {
    id: 'vienna',
    answers: ['Vienna'],
    passages: [passage('e', 'Parisian cafes in Vienna.')],
  };
  const excluded = [sameAnswer, hasTarget, titleHasTarget, empty, samePassages];

  test('picks another question whose passages lack the target and whose answers differ', () => {
    const sources = new Set<string>();
    for (const seed of SEEDS) {
      const variant = applicable(plan('swap', { others: [...excluded, tokyo, vienna], seed }));
      const source = [tokyo, vienna].find((item) => item.id === variant.source);
      expect(source, `seed ${seed} picked ${variant.source}`).toBeDefined();
      expect(variant.passages).toEqual(source?.passages);
      sources.add(variant.source as string);
    }
    // seeded, not fixed: both qualifying questions get picked for some seed
    expect(sources).toEqual(new Set(['tokyo', 'vienna']));
  });

  test('is not applicable when no other question qualifies', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const [variant] = plan('swap', { others: excluded, seed });
      expect(variant).toMatchObject({ probe: 'swap', applicable: false });
    }
  });

  test('without a target, passages that name an answer or the baseline still stay out', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const variant = applicable(
        plan('swap', { others: [sameAnswer, hasTarget, empty, tokyo], target: undefined, seed }),
      );
      expect(variant.source).toBe('tokyo');
    }
    // the baseline "Tokyo" is this question's answer too, as the generator gave it
    expect(plan('swap', { others: [tokyo], baseline: 'Tokyo' })).toMatchObject([{ applicable: false }]);
  });

  test('passages from the same source document stay out: same title, or same id before "#"', () => {
    const france: PoolItem = {
      id: 'france',
      answers: ['Paris'],
      passages: [passage('doc7#1', 'The capital is Paris.', 'France')],
    };
    const sameTitle: PoolItem = {
      id: 'same-title',
      answers: ['Bordeaux'],
      passages: [passage('x1', 'Wine.', 'FRANCE ')],
    };
    const sameDoc: PoolItem = {
      id: 'same-doc',
      answers: ['Lille'],
      passages: [passage('doc7#2', 'The north.')],
    };
    expect(plan('swap', { item: france, others: [sameTitle, sameDoc] })).toMatchObject([
      { applicable: false },
    ]);
    expect(plan('distractor', { item: france, others: [sameTitle, sameDoc] })).toMatchObject([
      { applicable: false },
    ]);
    const variant = applicable(plan('swap', { item: france, others: [sameTitle, sameDoc, tokyo] }));
    expect(variant.source).toBe('tokyo');
  });
});

describe('corrupt: target selection', () => {
  const passages = [
    passage('p1', 'Paris is the capital. Lyon is a city. The cause is unknown.'),
    passage('p2', 'A port.', 'Marseille'),
  ];
  test.each([
    // the form the generator used, when it occurs: the baseline, even when it is not gold
    ['the baseline when it occurs', ['Paris'], 'Lyon', 'Lyon'],
    ['the baseline form over a gold form', ['paris'], 'PARIS', 'PARIS'],
    ['a gold answer when the baseline does not occur', ['Paris'], 'Toulouse', 'Paris'],
    ['the first gold answer that occurs, in gold order', ['Nice', 'Lyon', 'Paris'], 'Toulouse', 'Lyon'],
    // a sentence-long baseline: the gold answer inside it
    [
      'the gold answer inside a sentence-long baseline',
      ['Nice', 'Lyon', 'Paris'],
      'Paris is the capital. Lyon is a city. The cause is unknown.',
      'Lyon',
    ],
    ['a target needs a letter or digit', ['.'], 'x', undefined],
    ['gold, trimmed', ['  Paris  '], 'Paris', 'Paris'],
    ['gold, case-insensitively', ['paris'], 'x', 'paris'],
    ['gold found in a title', ['MARSEILLE'], 'x', 'MARSEILLE'],
    ['gold as whole tokens only', ['Par'], 'Pa', undefined],
    ['the baseline when no gold answer occurs', ['Nice'], 'Lyon', 'Lyon'],
    ['the baseline when there is no gold', [], 'marseille', 'marseille'],
    ['the baseline, skipping a blank gold answer', [''], 'Lyon', 'Lyon'],
    ['nothing when the baseline is an abstention that occurs', [], 'unknown', undefined],
    ['nothing when the baseline is empty', [], '', undefined],
    ['nothing when neither occurs', ['Nice'], 'Toulouse', undefined],
  ])('%s', (_, gold, baseline, expected) => {
    expect(findTarget(gold, baseline, passages, createPhraseSearch())).toBe(expected);
  });

  test('no passages, no target', () => {
    expect(findTarget(['Paris'], 'Paris', [], createPhraseSearch())).toBeUndefined();
  });

  test('without a target the probe is not applicable', () => {
    const [variant] = plan('corrupt', { target: undefined });
    expect(variant).toMatchObject({ probe: 'corrupt', applicable: false });
  });
});

describe('corrupt: substitutes', () => {
  const item: PoolItem = {
    id: 'q1',
    answers: ['Paris'],
    passages: [
      passage(
        'p1',
        'Paris is the capital of France. PARIS has two million people; paris is on the Seine.',
        'Paris',
      ),
      { ...passage('p2', 'Parisian cafes and the Paris-Nice race. Lyon is nearby.'), score: 0.5 },
      passage('p3', 'The Louvre is a museum.'),
    ],
  };
  const others: PoolItem[] = [
    { id: 'matches-target', answers: ['Paris, France'], passages: [] },
    { id: 'in-passages', answers: ['lyon'], passages: [] },
    { id: 'a-number', answers: ['1889'], passages: [] },
    { id: 'abstains', answers: ['unknown'], passages: [] },
    { id: 'no-answers', answers: [], passages: [] },
    { id: 'blank', answers: ['  '], passages: [] },
  ];
  const madrid: PoolItem = { id: 'madrid', answers: ['Madrid'], passages: [] };

  test('text: another question\u2019s answer that is not in the passages and does not match the target', () => {
    for (const seed of SEEDS) {
      const variant = applicable(plan('corrupt', { item, others: [...others, madrid], seed }));
      expect(variant.target).toBe('Paris');
      expect(variant.substitute).toBe('Madrid');
    }
  });

  test('every whole-token occurrence is replaced, in titles and texts, whatever its case', () => {
    const variant = applicable(plan('corrupt', { item, others: [madrid] }));
    expect(variant.passages).toEqual([
      passage(
        'p1',
        'Madrid is the capital of France. Madrid has two million people; Madrid is on the Seine.',
        'Madrid',
      ),
      { ...passage('p2', 'Parisian cafes and the Madrid-Nice race. Lyon is nearby.'), score: 0.5 },
      passage('p3', 'The Louvre is a museum.'),
    ]);
    // the context's passages are left as they were
    expect(item.passages[0]?.text).toBe(
      'Paris is the capital of France. PARIS has two million people; paris is on the Seine.',
    );
  });

  test('text: not applicable when no other answer qualifies, and says which target it had', () => {
    const [variant] = plan('corrupt', { item, others });
    expect(variant).toMatchObject({ probe: 'corrupt', applicable: false });
    expect(variant?.applicable === false && variant.reason).toBe(
      'no substitute of type other found for "Paris"',
    );
  });

  test('a year: another plausible year within 15, replacing every whole-token occurrence', () => {
    const year: PoolItem = {
      id: 'eiffel',
      answers: ['1889'],
      passages: [
        passage('e1', 'Built 1889, opened in 1889. Not 18890 and not the 1889s.', 'Eiffel Tower (1889)'),
      ],
    };
    const substitutes = new Set<string>();
    for (const seed of SEEDS) {
      const variant = applicable(plan('corrupt', { item: year, seed }));
      const s = variant.substitute as string;
      expect(s).toMatch(/^1[89]\d{2}$/);
      expect(Math.abs(Number(s) - 1889)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(Number(s) - 1889)).toBeLessThanOrEqual(15);
      expect(variant).toMatchObject({ answerType: 'year' });
      expect(variant.passages).toEqual([
        passage('e1', `Built ${s}, opened in ${s}. Not 18890 and not the 1889s.`, `Eiffel Tower (${s})`),
      ]);
      substitutes.add(s);
    }
    // 60 seeds over 30 candidates: a fixed substitute would give one value
    expect(substitutes.size).toBeGreaterThan(10);
  });

  test('a one-digit number gets another single digit', () => {
    const seven: PoolItem = { id: 'seven', answers: ['7'], passages: [passage('s1', 'There are 7 seas.')] };
    for (const seed of SEEDS) {
      const variant = applicable(plan('corrupt', { item: seven, seed }));
      expect(variant.substitute).toMatch(/^[0-689]$/);
    }
  });

  test('every form goes: other gold aliases, a lone surname, the number as a word', () => {
    const brown: PoolItem = {
      id: 'brown',
      question: 'who is the leader of the ontario pc party',
      answers: ['Patrick Brown', 'Patrick Walter Brown'],
      passages: [
        passage('b1', 'Patrick Walter Brown leads the party. Brown was elected in 2015.', 'Patrick Brown'),
      ],
    };
    const smith: PoolItem = {
      id: 'smith',
      question: 'who wrote the novel',
      answers: ['Joan Smith'],
      passages: [],
    };
    const paris: PoolItem = {
      id: 'paris',
      question: 'where is the louvre',
      answers: ['Paris'],
      passages: [],
    };
    for (const seed of SEEDS.slice(0, 10)) {
      const variant = applicable(plan('corrupt', { item: brown, others: [paris, smith], seed }));
      expect(variant).toMatchObject({
        target: 'Patrick Brown',
        substitute: 'Joan Smith',
        answerType: 'person',
      });
      expect(variant.passages).toEqual([
        passage('b1', 'Joan Smith leads the party. Smith was elected in 2015.', 'Joan Smith'),
      ]);
    }
    const seas: PoolItem = {
      id: 'seas',
      question: 'how many seas are there',
      answers: ['7'],
      passages: [passage('s1', 'There are 7 seas; the seven seas of legend.')],
    };
    const variant = applicable(plan('corrupt', { item: seas }));
    expect(variant.passages[0]?.text).not.toMatch(/\b(?:7|seven)\b/);
  });

  test('not applicable, naming what survived, when a form of the answer would stay', () => {
    const meridian: PoolItem = {
      id: 'meridian',
      question: 'what is the 180 degree line of longitude called',
      answers: ['180th meridian or antimeridian', 'antimeridian'],
      passages: [passage('m1', 'The 180th meridian or antimeridian is where the date changes.')],
    };
    const [variant] = plan('corrupt', { item: meridian });
    expect(variant).toMatchObject({ applicable: false });
    expect(variant?.applicable === false && variant.reason).toMatch(
      /^"antimeridian" survives the replacement of/,
    );
  });

  test("the substitute has the target's type: a place for a place, never an abstention", () => {
    const capital: PoolItem = {
      id: 'capital',
      question: 'what is the capital city of alabama',
      answers: ['Montgomery'],
      passages: [passage('c1', 'Montgomery is the capital of Alabama.')],
    };
    const others: PoolItem[] = [
      { id: 'person', question: 'who wrote on memory', answers: ['Hermann Ebbinghaus'], passages: [] },
      { id: 'date', question: 'when were the olympics', answers: ['May 19, 2017'], passages: [] },
      { id: 'abstains', question: 'where is it', answers: ['Not specified.'], passages: [] },
      { id: 'place', question: 'what is the capital of kentucky', answers: ['Frankfort'], passages: [] },
    ];
    for (const seed of SEEDS.slice(0, 20)) {
      const variant = applicable(plan('corrupt', { item: capital, others, seed }));
      expect(variant).toMatchObject({ substitute: 'Frankfort', answerType: 'place' });
    }
  });

  test('the substitute is inserted literally, even with replacement patterns in it', () => {
    expect(replaceTarget([passage('x', 'see Paris')], 'Paris', "$& and $1 and $'")).toEqual([
      passage('x', "see $& and $1 and $'"),
    ]);
  });
});

describe('leave-one-out', () => {
  test('one call per rank, each without the passage at that rank, order kept', () => {
    const [first, second, third] = own.passages;
    expect(plan('leave-one-out')).toEqual([
      { probe: 'leave-one-out', applicable: true, rank: 1, passages: [second, third] },
      { probe: 'leave-one-out', applicable: true, rank: 2, passages: [first, third] },
      { probe: 'leave-one-out', applicable: true, rank: 3, passages: [first, second] },
    ]);
  });

  test('one passage: rank 1 with nothing left', () => {
    expect(plan('leave-one-out', { item: onePassage })).toEqual([
      { probe: 'leave-one-out', applicable: true, rank: 1, passages: [] },
    ]);
  });
});

describe('shuffle', () => {
  test('two passages: always the one other order', () => {
    const [a, b] = own.passages;
    const two: PoolItem = { ...own, passages: [a as Passage, b as Passage] };
    for (const seed of SEEDS) {
      expect(applicable(plan('shuffle', { item: two, seed })).passages).toEqual([b, a]);
    }
  });

  test('three passages: a permutation, never the identity, every other order reachable', () => {
    const orders = new Set<string>();
    for (const seed of SEEDS) {
      const ids = applicable(plan('shuffle', { seed })).passages.map((p) => p.id);
      expect([...ids].sort()).toEqual(['q1#1', 'q1#2', 'q1#3']);
      expect(ids).not.toEqual(['q1#1', 'q1#2', 'q1#3']);
      orders.add(ids.join(','));
    }
    // 3! - 1 = 5 non-identity orders
    expect(orders.size).toBe(5);
  });

  test('not applicable under two passages', () => {
    expect(plan('shuffle', { item: onePassage })).toMatchObject([{ probe: 'shuffle', applicable: false }]);
  });
});

describe('distractor', () => {
  const withTarget: PoolItem = {
    id: 'with-target',
    answers: ['Rome'],
    passages: [
      passage('t1', 'Paris hosted the 1900 Olympics.'),
      passage('t2', 'City of light.', 'PARIS'),
      // the same text as one of q1's passages
      passage('t3', 'The Seine flows through the city.'),
    ],
  };
  const clean: PoolItem = {
    id: 'clean',
    answers: ['Tokyo'],
    passages: [passage('c1', 'Tokyo is large.'), passage('c2', 'Parisian cafes exist.')],
  };
  const empty: PoolItem = { id: 'no-passages', answers: ['Oslo'], passages: [] };

  test('appends one passage of another question at the end, never one containing the target', () => {
    const chosen = new Set<string>();
    for (const seed of SEEDS) {
      const variant = applicable(plan('distractor', { others: [withTarget, clean, empty], seed }));
      expect(variant.passages).toHaveLength(4);
      expect(variant.passages.slice(0, 3)).toEqual(own.passages);
      const appended = variant.passages[3] as Passage;
      expect(variant.source).toBe(appended.id);
      expect(['c1', 'c2']).toContain(appended.id);
      expect(createPhraseSearch()([appended], 'Paris')).toBe(false);
      chosen.add(appended.id);
    }
    expect(chosen).toEqual(new Set(['c1', 'c2']));
  });

  test('without a target, passages naming an answer or the baseline still stay out', () => {
    expect(plan('distractor', { others: [withTarget], target: undefined })).toMatchObject([
      { probe: 'distractor', applicable: false },
    ]);
    for (const seed of SEEDS.slice(0, 10)) {
      // the baseline "Tokyo" keeps out c1 ("Tokyo is large."); c2 qualifies
      const variant = applicable(plan('distractor', { others: [clean], baseline: 'Tokyo', seed }));
      expect(variant.source).toBe('c2');
    }
  });

  test('not applicable when no passage of another question qualifies', () => {
    expect(plan('distractor', { others: [withTarget, empty] })).toMatchObject([
      { probe: 'distractor', applicable: false },
    ]);
  });

  test('the appended passage does not contain the target in its title either', () => {
    const titleOnly: PoolItem = {
      id: 'title-only',
      answers: ['Oslo'],
      passages: [passage('x', 'Lights.', 'Paris')],
    };
    expect(plan('distractor', { others: [titleOnly] })).toMatchObject([
      { probe: 'distractor', applicable: false },
    ]);
  });
});

describe('determinism', () => {
  const others: PoolItem[] = [
    { id: 'tokyo', answers: ['Tokyo'], passages: [passage('d', 'Tokyo is in Japan.')] },
    { id: 'vienna', answers: ['Vienna'], passages: [passage('e', 'Vienna is in Austria.')] },
    { id: 'madrid', answers: ['Madrid'], passages: [passage('f', 'Madrid is in Spain.')] },
  ];

  test.each([...PROBE_NAMES])('%s: the same seed gives the same plan', (name) => {
    for (const seed of SEEDS.slice(0, 10)) {
      expect(plan(name, { others, seed })).toEqual(plan(name, { others, seed }));
    }
  });

  test.each(['swap', 'corrupt', 'shuffle', 'distractor'] as const)(
    '%s: different seeds give different plans',
    (name) => {
      const plans = new Set(SEEDS.slice(0, 20).map((seed) => JSON.stringify(plan(name, { others, seed }))));
      expect(plans.size).toBeGreaterThan(1);
    },
  );
});
