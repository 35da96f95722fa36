import { describe, expect, test } from 'vitest';
import { answersMatch, type MatchMode, matchWithAliases } from '../../src/metrics/match.js';
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
    // a decimal point is kept, even under exact
    ['1.5 million', '15 million', false, false],
    ['1.5 million', '1,500,000', true, true],
    ['3.50', '3.5', true, true],
    // number words, ordinals and dates share one form
    ['8 years', 'eight years', true, true],
    ['first', '1st', true, true],
    ['the 21st century', 'twenty-first century', true, true],
    ['May 14, 2002', '14 May 2002', true, true],
    ['May 14, 2002', 'May 2002', true, false],
    ['May 14, 2002', 'May 15, 2002', false, false],
  ],
  'articles mid-answer': [
    ['Vitamin A', 'Vitamin C', false, false],
    ['Hepatitis A', 'Hepatitis B', false, false],
    ['Vitamin A', 'vitamin', true, false],
  ],
  plurals: [
    ['Elections', 'election', true, true],
    ['three countries', 'three country', true, true],
  ],
  'long vs short': [
    [
      "The first Five Nights at Freddy's game was released via Desura on August 8, 2014.",
      'August 8, 2014',
      true,
      false,
    ],
  ],
  'second candidate or negation': [
    ['Curve has more members than Saint Motel.', 'Saint Motel', false, false],
    ['Curve has more members than Saint Motel.', 'Curve', true, false],
    ['not Paris', 'Paris', false, false],
    ['It is Lyon, not Paris', 'Paris', false, false],
    ['Paris or Lyon', 'Paris', false, false],
    ['Paris rather than Lyon', 'Lyon', false, false],
    ['Paris rather than Lyon', 'Paris', true, false],
    ['Don Barry Mason was Welsh not Dennis Howard Marks.', 'Dennis Howard Marks', false, false],
    // the windows stop at a sentence end: this "or" belongs to the sentence before
    ['It was Lyon or Nice. Paris won in the end.', 'Paris', true, false],
    ['It was Lyon or Paris. Nice won in the end.', 'Paris', false, false],
  ],
  'content words of a short answer apart in a long one': [
    [
      'It was first coined in 1780 by the French essayist Emmanuel-Joseph Sieyès in a manuscript. Sociology was later defined by Auguste Comte.',
      'Emmanuel-Joseph Sieyès and Auguste Comte',
      true,
      false,
    ],
    // every content word must be there, asserted
    [
      'The first voyage was led by Magellan, and after his death by Elcano in 1521.',
      'Juan Sebastián Elcano',
      false,
      false,
    ],
    [
      'Lyon was chosen for the games, not Paris, and the vote was close in the end.',
      'Lyon and Paris',
      false,
      false,
    ],
    // a short longer answer does not qualify
    ['federal presidential constitutional republic', 'federal republic', false, false],
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

describe('matchWithAliases', () => {
  const match = (a: string, b: string) => answersMatch(a, b);
  test.each([
    // two aliases of one gold list are the same answer
    ['JFK', 'John F. Kennedy', ['John F. Kennedy', 'JFK'], true],
    ['Patrick Brown', 'Patrick Walter Brown', ['Patrick Walter Brown', 'Patrick Brown'], true],
    // each matches only the same alias: not through it
    ['Paris, France', 'Paris, Texas', ['Paris', 'City of Light'], false],
    // one answer matches no alias
    ['JFK', 'Nixon', ['John F. Kennedy', 'JFK'], false],
    // a single alias adds nothing
    ['Paris, France', 'Paris, Texas', ['Paris'], false],
    // a direct match needs no alias
    ['Paris', 'paris', [], true],
  ] as const)('%j vs %j with gold %j -> %s', (a, b, aliases, expected) => {
    expect(matchWithAliases(match, a, b, aliases)).toBe(expected);
    expect(matchWithAliases(match, b, a, aliases)).toBe(expected);
  });
});
