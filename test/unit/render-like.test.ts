import { describe, expect, test } from 'vitest';
import { renderLike } from '../../src/probes/value-forms.js';

/** The pattern renderLike stands for, compiled per call: the reference its scan must equal. */
function byPattern(text: string, parts: readonly [string, string][]): string {
  const mapping = new Map(parts);
  const keys = [...mapping.keys()].sort((a, b) => b.length - a.length);
  const alternatives = keys.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return text.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?!\\p{N})`, 'gu'),
    (found) => mapping.get(found) ?? found,
  );
}

describe('renderLike', () => {
  test.each([
    ['founded in 1428.', [['1428', '1431']], 'founded in 1431.'],
    // inside a longer number or word: left alone
    ['14280 and 21428 and x1428 and 1428', [['1428', '1431']], '14280 and 21428 and x1428 and 1431'],
    // one pass: a new value is not replaced again
    [
      '1999–2000',
      [
        ['1999', '2000'],
        ['2000', '2001'],
      ],
      '2000–2001',
    ],
    // the longest key first; a shorter one where the longer would run into a digit
    [
      '2014–15 and 2014–150',
      [
        ['2014–15', '2011–12'],
        ['2014', '2011'],
      ],
      '2011–12 and 2011–150',
    ],
    [
      'May 5th, MAY 5',
      [
        ['May', 'June'],
        ['5th', '9th'],
        ['5', '9'],
      ],
      'June 9th, MAY 9',
    ],
    // letters beyond the Basic Multilingual Plane count as letters
    ['𝒜1428 𝟙1428 😀1428', [['1428', '1'] as [string, string]], '𝒜1428 𝟙1428 😀1'],
    ['no parts', [], 'no parts'],
  ] as [string, [string, string][], string][])('%j with %j -> %j', (text, parts, expected) => {
    expect(renderLike(text, parts)).toBe(expected);
    expect(byPattern(text, parts)).toBe(expected);
  });

  test('equals the pattern on every mix of keys, neighbours and separators', () => {
    const keys = ['12', '123', '1', 'May', 'Ma', '2014–15', '2014', 'é'];
    const neighbours = ['', ' ', 'a', '9', '٣', 'é', '𝒜', '😀', '-', '.', '\uD800'];
    let checked = 0;
    for (const first of keys)
      for (const second of keys)
        for (const left of neighbours)
          for (const right of neighbours) {
            const text = `${left}${first}${right}${second}${left}${first}${second}${right}`;
            const parts: [string, string][] = [
              [first, `<${first}>`],
              [second, `[${second}]`],
            ];
            expect(renderLike(text, parts), JSON.stringify({ text, parts })).toBe(byPattern(text, parts));
            checked++;
          }
    expect(checked).toBe(keys.length ** 2 * neighbours.length ** 2);
  });
});
