import { describe, expect, test } from 'vitest';
import { createRng } from '../../src/metrics/random.js';
import { numberSubstitute, yearSubstitute } from '../../src/probes/number-substitute.js';
import { collapseRepeats } from '../../src/probes/repeats.js';

const never = () => false;

describe('collapseRepeats: aliases side by side read as one substitute', () => {
  const replacements = [
    { find: 'Jennifer Garner', replace: 'Allison Janney' },
    { find: 'Garner', replace: 'Janney' },
  ];
  test.each([
    ['played by Allison Janney and Allison Janney in', 'played by Allison Janney in'],
    ['by Allison Janney, Allison Janney, and Allison Janney.', 'by Allison Janney.'],
    ['Allison Janney (Allison Janney) won', 'Allison Janney won'],
    ['(Allison Janney / Allison Janney)', '(Allison Janney)'],
    ['Allison Janney or Allison Janney', 'Allison Janney'],
    ['Janney and Janney', 'Janney'],
    // not side by side, or not the same words: left alone
    ['Allison Janney met Allison Janney', 'Allison Janney met Allison Janney'],
    ['Allison Janney and Allison Janneys', 'Allison Janney and Allison Janneys'],
    // the surname after the full name: the same person twice, once
    ['Allison Janney and Janney', 'Allison Janney'],
    // case does not matter; the first form stays
    ['ALLISON JANNEY and allison janney', 'ALLISON JANNEY'],
    [
      'Allison Janney met Allison Janney; Allison Janney (Allison Janney).',
      'Allison Janney met Allison Janney.',
    ],
  ])('%j -> %j', (text, expected) => {
    expect(collapseRepeats([{ id: 'p', text, title: text }], replacements)).toEqual([
      { id: 'p', text: expected, title: expected },
    ]);
  });

  // Texts are first searched for the replacement text alone: these pairs are not neighbours there.
  test.each([
    // a pair around a third occurrence
    ['and', 'it was and and and so', 'it was and so'],
    // the same replacement many times over
    ['Janney', `${'Janney met '.repeat(20)}Janney, Janney`, `${'Janney met '.repeat(20)}Janney`],
    // beyond the Basic Multilingual Plane
    ['𝒜 Janney', 'x 𝒜 Janney / 𝒜 Janney y', 'x 𝒜 Janney y'],
    ['Janney', 'Janney and Janneys and Janney', 'Janney and Janneys and Janney'],
  ])('%j in %j -> %j', (replace, text, expected) => {
    expect(collapseRepeats([{ id: 'p', text }], [{ find: 'x', replace }])).toEqual([
      { id: 'p', text: expected },
    ]);
  });
});

describe('numbers and years keep their shape', () => {
  test('a range keeps its width: both ends move', () => {
    for (let seed = 0; seed < 20; seed++) {
      const drawn = numberSubstitute(createRng(seed), '100–150 species', never);
      const [low, high] = (drawn?.substitute.match(/\d+/gu) ?? []).map(Number);
      expect(high - low, drawn?.substitute).toBe(50);
      expect(low).not.toBe(100);
    }
  });

  test('a decade moves by whole decades, within a century', () => {
    for (let seed = 0; seed < 20; seed++) {
      const drawn = yearSubstitute(createRng(seed), 'the late 1980s', never);
      const decade = Number(/(\d{4})s/u.exec(drawn?.substitute ?? '')?.[1]);
      expect(decade % 10, drawn?.substitute).toBe(0);
      expect(decade).not.toBe(1980);
      expect(Math.abs(decade - 1980)).toBeLessThanOrEqual(30);
    }
  });
});
