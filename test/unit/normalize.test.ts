import { describe, expect, test } from 'vitest';
import { containsPhrase, normalizeAnswer, phraseReplacer } from '../../src/metrics/normalize.js';

describe('normalizeAnswer', () => {
  test.each([
    ['  The  Eiffel   Tower! ', 'eiffel tower'],
    ['Zürich', 'zurich'],
    ['Crème Brûlée', 'creme brulee'],
    ['Ελλάδα', 'ελλαδα'],
    ['東京', '東京'],
    ["Don't", 'dont'],
    ['Don\u2019t', 'dont'],
    ['Jean-Paul', 'jean paul'],
    // Only a leading article goes: "Vitamin A" keeps its "A".
    ['An apple a day', 'apple a day'],
    ['Vitamin A', 'vitamin a'],
    ['The The', 'the'],
    ['Theory', 'theory'],
    ['C++', 'c'],
    ['x\u00b2', 'x2'],
    ['\ufb01ne', 'fine'],
    ['1,000,000', '1000000'],
    // A decimal point is kept: "1.5 million" never reads as "15 million".
    ['3.14', '3.14'],
    ['1.5 million', '1500000'],
    ['15 million', '15000000'],
    ['1,500,000', '1500000'],
    ['3.50', '3.5'],
    // number words, ordinals and dates in one form
    ['eight years', '8 year'],
    ['twenty-one', '21'],
    ['two hundred and five', '205'],
    ['first', '1'],
    ['21st', '21'],
    ['the twenty-first century', '21 century'],
    ['May 14, 2002', '2002 m5 d14'],
    ['14 May 2002', '2002 m5 d14'],
    ['14th of May', 'm5 d14'],
    ['May 2002', '2002 m5'],
    ['you may go', 'you may go'],
    // plurals singular
    ['Elections', 'election'],
    ['countries', 'country'],
    ['boxes', 'box'],
    ['Paris', 'paris'],
    ['Hepatitis', 'hepatitis'],
    ['1990-1995', '1990 1995'],
    ['ends in 1990.', 'end in 1990'],
    ['N/A', 'na'],
    ['', ''],
    ['...', ''],
    ['The', 'the'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe('containsPhrase', () => {
  test.each([
    // whole tokens, any case
    ['Paris is the capital', 'paris', true],
    ['PARIS', 'Paris', true],
    ['Parisian food', 'Paris', false],
    ['in Paris2024', 'Paris', false],
    ['2024', '20', false],
    ['the Paris-based firm', 'Paris', true],
    ['"Paris."', 'Paris', true],
    // any run of whitespace between the words, in the text or in the phrase
    ['New   York City', 'New York', true],
    ['New\nYork', 'new york', true],
    ['New York', ' New   York ', true],
    ['NewYork', 'New York', false],
    // regular-expression characters are literal
    ['I write C++ daily', 'C++', true],
    // punctuation is not part of a token: "C#" and "C++" both read "c", as in answer matching
    ['I write C# daily', 'C++', true],
    ['CC', 'C++', false],
    ['C++11', 'C++', false],
    ['born (1990) in Ohio', '(1990)', true],
    ['born 1990 in Ohio', '(1990)', true],
    // punctuation spacing does not hide a phrase
    ['released on August 8 , 2014 .', 'August 8, 2014', true],
    ["Five Nights at Freddy 's", "Freddy's", true],
    ['in 1,000 years', '1,000', true],
    ['in 1 000 years', '1,000', false],
    // a phrase needs a letter or digit
    ['a . b', '.', false],
    ['-- --', '--', false],
    ['costs $5.00 now', '$5.00', true],
    ['costs $5x00 now', '$5.00', false],
    ['aab', 'a+b', false],
    ['path a\\b here', 'a\\b', true],
    // unicode letters count as letters on either side
    ['in Zürich today', 'zürich', true],
    ['ZÜRICH', 'zürich', true],
    ['Zürichsee', 'Zürich', false],
    ['éParis', 'Paris', false],
    ['Parisé', 'Paris', false],
    ['Paris東京', 'Paris', false],
    // diacritics are ignored both ways, as in answer matching
    ['Zurich', 'Zürich', true],
    ['in Zürich today', 'Zurich', true],
    ['Zu\u0308rich', 'Zurich', true],
    ['Wilhelm Conrad Röntgen, of Germany', 'Wilhelm Conrad Rontgen', true],
    ['Zürichsee', 'Zurich', false],
    // nothing to find
    ['', 'Paris', false],
    ['Paris', '', false],
    ['Paris', '   ', false],
  ])('%j contains %j: %s', (text, phrase, expected) => {
    expect(containsPhrase(text, phrase)).toBe(expected);
  });

  test('is stateless across calls (the pattern is global)', () => {
    expect(containsPhrase('Paris', 'Paris')).toBe(true);
    expect(containsPhrase('Paris', 'Paris')).toBe(true);
  });
});

describe('phraseReplacer', () => {
  test('an empty phrase replaces nothing', () => {
    expect(phraseReplacer('', 'X')('a b c')).toBe('a b c');
    expect(phraseReplacer(' \t ', 'X')('a b c')).toBe('a b c');
  });

  test('replaces every whole-token occurrence, whatever its case', () => {
    expect(phraseReplacer('new york', 'X')('New York, NEW  YORK, new york-style, Newer York.')).toBe(
      'X, X, X-style, Newer York.',
    );
  });

  test('skips an occurrence inside a longer token but finds the next one', () => {
    expect(phraseReplacer('1890', '1234')('In the 1890s, and again in 1890.')).toBe(
      'In the 1890s, and again in 1234.',
    );
    expect(phraseReplacer('ab', 'X')('aab ab')).toBe('aab X');
  });

  test('ignores diacritics and keeps the rest of the text exactly as it was', () => {
    expect(
      phraseReplacer('Zurich', 'Basel')('Flights to Zürich, zurich and ZU\u0308RICH; Zürichsee stays.'),
    ).toBe('Flights to Basel, Basel and Basel; Zürichsee stays.');
    expect(phraseReplacer('Röntgen', 'Curie')('Café owner Röntgen — née Rontgen')).toBe(
      'Café owner Curie — née Curie',
    );
  });

  test("takes the phrase's own punctuation along, and treats regular-expression characters literally", () => {
    // Punctuation is not part of a normalised token, so "C" is an occurrence of "C++" too.
    expect(phraseReplacer('C++', 'Rust')('Written in C++ and C.')).toBe('Written in Rust and Rust.');
    expect(phraseReplacer('(1990)', '1991')('born (1990) or 1990')).toBe('born 1991 or 1991');
  });

  test('finds a phrase whatever the punctuation spacing', () => {
    expect(phraseReplacer('August 8, 2014', 'May 2, 2011')('released on August 8 , 2014 .')).toBe(
      'released on May 2, 2011 .',
    );
    expect(phraseReplacer("Freddy's", 'Bonnie')("Five Nights at Freddy 's")).toBe('Five Nights at Bonnie');
  });
});

describe('the plain-ASCII scan', () => {
  // A plain ASCII phrase in a plain ASCII text is scanned without the regular expression; a text
  // with any other character goes through it. ' \u00fc\u00fc' at the end (folded to " uu", which
  // no phrase below contains) sends the same text down the other path without moving any match.
  const alphabet = ['a', 'b', 'A', 'B', '1', '2', ' ', '  ', ',', '.', "'", '-', '_', '\t', '(', ')', '+'];
  let state = 7;
  const draw = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const text = (length: number) => Array.from({ length }, () => alphabet[draw(alphabet.length)]).join('');
  const other = ' \u00fc\u00fc';

  test('finds and replaces what the pattern finds, on 20,000 random phrases and texts', () => {
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      const phrase = text(1 + draw(6));
      const sample = text(draw(40));
      const plain = containsPhrase(sample, phrase);
      expect(containsPhrase(sample + other, phrase), JSON.stringify([phrase, sample])).toBe(plain);
      const replace = phraseReplacer(phrase, '#');
      expect(replace(sample) + other, JSON.stringify([phrase, sample])).toBe(replace(sample + other));
      if (plain) found++;
    }
    // The draw must exercise both answers, or the comparison says nothing.
    expect(found).toBeGreaterThan(2_000);
    expect(found).toBeLessThan(18_000);
  });
});
