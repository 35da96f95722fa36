import { describe, expect, test } from 'vitest';
import { answersMatch, type MatchMode } from '../../src/metrics/match.js';
import { lexicalMatcher } from '../../src/metrics/matcher.js';

/** [a, b, contains, exact]: whether the pair matches in each mode. */
type Row = readonly [string, string, boolean, boolean];

const pairs: Record<string, readonly Row[]> = {
  case: [
    ['PARIS', 'paris', true, true],
    ['McDonald', 'mcdonald', true, true],
  ],
  punctuation: [
    ['Paris!', 'paris', true, true],
    ['"Paris."', 'Paris', true, true],
    ["O'Neil", 'ONeil', true, true],
    ['Don\u2019t Stop', "don't stop", true, true],
    ['Jean-Paul Sartre', 'Jean Paul Sartre', true, true],
    ['Jean-Paul', 'JeanPaul', false, false],
  ],
  diacritics: [
    ['Zürich', 'Zurich', true, true],
    ['São Paulo', 'Sao Paulo', true, true],
    ['Ångström', 'angstrom', true, true],
    // NFKD folds compatibility forms too: the "fi" ligature is two letters.
    ['\ufb01ve', 'five', true, true],
  ],
  articles: [
    ['The Beatles', 'Beatles', true, true],
    ['an apple', 'Apple', true, true],
    ['A Tale of Two Cities', 'tale of two cities', true, true],
    // Only whole-word articles go: "Athens" keeps its "A", "Theodore" its "The".
    ['Athens', 'thens', false, false],
    ['Theodore', 'odore', false, false],
  ],
  whitespace: [
    ['  New   York\t', 'new york', true, true],
    ['New\nYork', 'New York', true, true],
    ['NewYork', 'New York', false, false],
  ],
  contains: [
    ['Paris', 'Paris, France', true, false],
    ['Par', 'Paris', false, false],
    ['Paris', 'Parisian', false, false],
    ['New York', 'New York City', true, false],
    ['York City', 'New York City', true, false],
    // A run must be contiguous and in order.
    ['New City', 'New York City', false, false],
    ['York New', 'New York City', false, false],
    ['the president Barack Obama', 'Obama', true, false],
  ],
  numbers: [
    ['1990', 'in 1990', true, false],
    ['1990', '1991', false, false],
    ['19', '1990', false, false],
    ['1990', '1990s', false, false],
    ['1,000', '1000', true, true],
    ['2,000 km', '2000', true, false],
    // A decimal is one token: "3.14" must not contain the token "3".
    ['3.14', '3', false, false],
    ['$1,000', '1', false, false],
    ['1990-1995', '1995', true, false],
  ],
};

const abstentions = [
  'unknown',
  "I don't know",
  '',
  'N/A',
  'Unanswerable.',
  '   ',
  'No answer',
  'Not enough information.',
];
const answers = ['Paris', 'unknown soldier', 'I know', 'None of the above', 'N'];

describe('answersMatch', () => {
  for (const [group, rows] of Object.entries(pairs)) {
    test.each(rows)(`${group}: %j vs %j -> contains %s, exact %s`, (a, b, contains, exact) => {
      expect(answersMatch(a, b, 'contains')).toBe(contains);
      expect(answersMatch(a, b, 'exact')).toBe(exact);
    });
  }

  test('contains is the default mode', () => {
    expect(answersMatch('Paris', 'Paris, France')).toBe(true);
    expect(answersMatch('Par', 'Paris')).toBe(false);
  });

  test('every abstention matches every other abstention, in both modes', () => {
    for (const a of abstentions) {
      for (const b of abstentions) {
        expect(answersMatch(a, b, 'contains'), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);
        expect(answersMatch(a, b, 'exact'), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);
      }
    }
  });

  test('an abstention matches no answer, even one that contains its words', () => {
    for (const a of abstentions) {
      for (const b of answers) {
        for (const mode of ['contains', 'exact'] as const) {
          expect(answersMatch(a, b, mode), `${JSON.stringify(a)} vs ${JSON.stringify(b)} (${mode})`).toBe(
            false,
          );
        }
      }
    }
  });

  test('matching is symmetric', () => {
    const rows = Object.values(pairs).flat();
    const everything = [...rows.map(([a]) => a), ...rows.map(([, b]) => b), ...abstentions, ...answers];
    for (const mode of ['contains', 'exact'] as const satisfies readonly MatchMode[]) {
      for (const a of everything) {
        for (const b of everything) {
          expect(answersMatch(a, b, mode), `${JSON.stringify(a)} vs ${JSON.stringify(b)} (${mode})`).toBe(
            answersMatch(b, a, mode),
          );
        }
      }
    }
  });
});

describe('lexicalMatcher', () => {
  test.each([
    ['contains', true],
    ['exact', false],
  ] as const)('%s: id and mode', (mode, containsMatches) => {
    const matcher = lexicalMatcher(mode);
    expect(matcher.id).toBe(mode);
    expect(matcher.match('New York', 'New York City')).toBe(containsMatches);
    expect(matcher.match('The Beatles', 'beatles!')).toBe(true);
  });
});
