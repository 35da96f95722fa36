import { describe, expect, test } from 'vitest';
import { derivedRng } from '../../src/metrics/random.js';
import { classifyAnswer } from '../../src/probes/answer-type.js';
import { numberSubstitute, yearSubstitute } from '../../src/probes/number-substitute.js';
import { dateForms, dateSubstitute, integerForms, parseDate } from '../../src/probes/value-forms.js';

const SEEDS = Array.from({ length: 40 }, (_, seed) => seed);
const never = () => false;

describe('classifyAnswer', () => {
  test.each([
    // shape first
    ['Yes', 'is paris in france', 'yes/no'],
    ['no', '', 'yes/no'],
    ['May 14, 2002', 'when was it released', 'date'],
    ['14 May 2002', '', 'date'],
    ['April 1917', 'when did the us enter world war i', 'date'],
    ['1998', 'when did the angel of the north get built', 'year'],
    ['in 2007', 'when was half life 2 episode 2 released', 'year'],
    ['1665 to 1666', 'when did the great plague of london start and end', 'year'],
    ['the 1979–80 season', 'when did the nba create the 3 point line', 'year'],
    ['291 episodes', 'how many episodes are there in dragon ball z', 'number'],
    ['1.5 million', 'how many people live there', 'number'],
    ['seven', 'how many seas', 'number'],
    ['20%', 'what is the corporate tax rate in great britain', 'number'],
    // names: their own words, then the question, then the passages
    ['Ohio State University', 'where did he study', 'organisation'],
    ['Pakistan', 'who won the 1992 cricket world cup', 'place'],
    ['Austria-Hungary', 'who did america declare war on in ww1', 'place'],
    ['Tulsa, Oklahoma', 'where do the greasers live in the outsiders', 'place'],
    ['Billy Hill', 'who wrote the song the glory of love', 'person'],
    ['Montgomery', 'what is the capital city of alabama', 'place'],
    ['in Santa Monica', 'where does route 66 start on the west coast', 'place'],
    ['ESPN', 'what network is showing the monday night football game', 'organisation'],
    ['Charles Darwin', 'who wrote the book the origin of species', 'person'],
    ['Old Trafford', 'what is the name of manchester united stadium', 'other'],
    ['pituitary gland', 'what part of the brain is in the middle cranial fossa', 'other'],
    // a who-question's band, people and languages are not persons
    ['The Beatles', 'who is the most selling music artist of all time', 'organisation'],
    ['Americans', 'who won the battle of saratoga in 1777', 'other'],
    ['the Goths', 'who defeated the last remaining roman army in europe', 'other'],
    ['Spanish', 'what is the official language of mexico', 'other'],
    ['Malayalam', 'the recipient of first jnanpith award was an author which language', 'other'],
    // a given name or a regnal number makes a person without the question's help
    ['Peter Andrew Beardsley', 'only player to play for manchester united and liverpool', 'person'],
    ['Louis XIV', 'the palace of versailles was built for', 'person'],
    ['Theodor Fontane', 'What German poet was descended from Huguenots?', 'person'],
    ['Victoria Falls', 'what is the largest waterfall in africa', 'place'],
  ])('%j (%j) -> %s', (answer, question, expected) => {
    expect(classifyAnswer(answer, question)).toBe(expected);
  });

  test('a name the question does not type is a person when the passages say so', () => {
    const passages = ['Jenilee Harrison (born June 12, 1958) is an American actress.'];
    expect(classifyAnswer('Jenilee Harrison', 'three company cousin cindy', passages)).toBe('person');
    expect(classifyAnswer('Jenilee Harrison', 'three company cousin cindy')).toBe('other');
  });
});

describe('classifyAnswer: what the passages say of a name', () => {
  test.each([
    [
      'Pittsburgh Steelers',
      'who has the most super bowls',
      'The Pittsburgh Steelers are a professional American football team based in Pittsburgh.',
      'organisation',
    ],
    [
      'Portugal. The Man',
      'who does the vocals for feel it still',
      '"Feel It Still" is a song by American rock band Portugal. The Man.',
      'organisation',
    ],
    [
      'Gladys Knight',
      'license to kill theme',
      'The theme was performed by American singer Gladys Knight.',
      'person',
    ],
    [
      'Jacques Lefevre',
      'one french pro-reform roman catholic',
      'Jacques Lefevre (c. 1455–1536) was a French theologian.',
      'person',
    ],
    [
      'Icarus',
      'which greek god flew too close to the sun',
      'In Greek mythology, Icarus is the son of the master craftsman Daedalus.',
      'person',
    ],
  ])('%j in %j', (answer, question, passage, expected) => {
    expect(classifyAnswer(answer, question, [passage])).toBe(expected);
  });
});

describe('forms of a value', () => {
  test.each([
    [7, false, ['7', undefined, 'seven']],
    [21, false, ['21', undefined, 'twenty-one']],
    [1500, false, ['1500', '1,500', undefined]],
    [21, true, ['21st', 'twenty-first']],
    [3, true, ['3rd', 'third']],
    [12, true, ['12th', 'twelfth']],
    // "one" and "first" are too common to stand for the number
    [1, false, ['1', undefined, undefined]],
  ] as const)('%s (ordinal %s)', (value, ordinal, forms) => {
    expect(integerForms(value, ordinal)).toEqual(forms);
  });

  test('dates: parsed and written every common way', () => {
    expect(parseDate('May 14, 2002')).toEqual({ month: 5, day: 14, year: 2002 });
    expect(parseDate('14 May 2002')).toEqual({ month: 5, day: 14, year: 2002 });
    expect(parseDate('14th of May')).toEqual({ month: 5, day: 14 });
    expect(parseDate('June 1992')).toEqual({ month: 6, year: 1992 });
    expect(dateForms({ month: 5, day: 14, year: 2002 })).toEqual([
      'May 14, 2002',
      'May 14 2002',
      '14 May 2002',
      '14 May, 2002',
      'May 14',
      '14 May',
      '14th of May',
    ]);
  });
});

describe('shaped substitutes', () => {
  test('a year: every year moved by the same 1 to 15, the wording kept', () => {
    for (const seed of SEEDS) {
      const rng = derivedRng(seed, 'q', 'corrupt');
      const range = yearSubstitute(rng, '1665 to 1666', never);
      const [from, to] = (range?.substitute.match(/\d{4}/g) ?? []).map(Number);
      expect(range?.substitute).toMatch(/^\d{4} to \d{4}$/);
      expect((to as number) - (from as number)).toBe(1);
      expect(Math.abs((from as number) - 1665)).toBeGreaterThanOrEqual(1);
      expect(Math.abs((from as number) - 1665)).toBeLessThanOrEqual(15);
      const season = yearSubstitute(rng, '2014–15', never)?.substitute as string;
      const [start, end] = season.split('–');
      expect(Number(end)).toBe((Number(start) + 1) % 100);
      expect(Number(yearSubstitute(rng, '2025', never)?.substitute)).toBeLessThanOrEqual(2030);
    }
  });

  test('a date keeps its format; day, month and year all change', () => {
    for (const seed of SEEDS) {
      const rng = derivedRng(seed, 'q', 'corrupt');
      const full = dateSubstitute(rng, 'May 14, 2002')?.substitute as string;
      expect(full).toMatch(
        /^(January|February|March|April|June|July|August|September|October|November|December) \d{1,2}, (1999|2000|2001|2003|2004|2005)$/,
      );
      expect(dateSubstitute(rng, '14 May 2002')?.substitute).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
      expect(dateSubstitute(rng, 'Aug 3, 2017')?.substitute).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      expect(dateSubstitute(rng, 'the 14th of May')?.substitute).toMatch(
        /^the \d{1,2}(st|nd|rd|th) of [A-Z][a-z]+$/,
      );
    }
  });

  test.each([
    ['1.5 million', /^\d\.\d million$/],
    ['291 episodes', /^[1-9]\d\d episodes$/],
    ['1,500 km', /^\d,\d{3} km$/],
    ['20%', /^[1-9]\d%$/],
    ['the 21st', /^the \d\d(st|nd|rd|th)$/],
    ['seven', /^[a-z-]+$/],
    ['The eighth', /^The [a-z-]+$/],
    ['around 10:30am', /^around ([1-9]|1[0-2]):30am$/],
  ])('a number keeps magnitude, unit and format: %j', (target, shape) => {
    for (const seed of SEEDS) {
      const substitution = numberSubstitute(derivedRng(seed, 'q', 'corrupt'), target, never);
      expect(substitution?.substitute).toMatch(shape);
      expect(substitution?.substitute).not.toBe(target);
    }
  });

  test('a number replaces its other written forms too: 7 and seven', () => {
    const substitution = numberSubstitute(derivedRng(1, 'q', 'corrupt'), '7', never);
    const other = Number(substitution?.substitute);
    expect(substitution?.replacements).toContainEqual({
      find: 'seven',
      replace: integerForms(other, false)[2],
    });
  });
});
