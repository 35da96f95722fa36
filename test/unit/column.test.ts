import { describe, expect, test } from 'vitest';
import { byteColumn, countColumn, numberColumn } from '../../src/metrics/column.js';
import { createRng } from '../../src/metrics/random.js';

/** The column's values, each compared with Object.is (so -0 and NaN count). */
function same(got: ArrayLike<number>, want: readonly number[]): boolean {
  return got.length === want.length && want.every((value, i) => Object.is(got[i], value));
}

describe('numberColumn', () => {
  const many = Array.from({ length: 300 }, (_, i) => i / 7);
  test.each([
    ['empty', []],
    ['one value', [0.25]],
    ['a few values repeated past the first growth', Array.from({ length: 200 }, (_, i) => (i % 3) / 3)],
    ['256 distinct values (all coded)', many.slice(0, 256)],
    ['257 distinct values (turns float64)', many.slice(0, 257)],
    ['257 distinct values, then the coded ones again', [...many.slice(0, 257), ...many.slice(0, 50)]],
    ['-0 after 0', [0, 1, -0, 0]],
    ['-0 first', [-0, 0.5]],
    [
      'NaN and the infinities',
      [Number.NaN, 1, Number.POSITIVE_INFINITY, Number.NaN, Number.NEGATIVE_INFINITY],
    ],
  ])('%s: gives back exactly what was pushed', (_name, values) => {
    const column = numberColumn();
    for (const value of values) column.push(value);
    expect(column.length).toBe(values.length);
    expect(same(column.values(), values)).toBe(true);
  });

  test('random values with few and many distinct values give back what was pushed', () => {
    const rng = createRng(5);
    for (const distinct of [1, 7, 255, 256, 257, 5_000]) {
      const levels = Array.from({ length: distinct }, () => rng.next());
      const values = Array.from(
        { length: 10_000 },
        () => levels[Math.floor(rng.next() * distinct)] as number,
      );
      const column = numberColumn();
      values.forEach((value, i) => {
        column.push(value);
        if (i % 997 === 0) expect(same(column.values(), values.slice(0, i + 1))).toBe(true);
      });
      expect(same(column.values(), values)).toBe(true);
    }
  });
});

describe('countColumn', () => {
  test.each([
    ['bytes', [0, 1, 255]],
    ['widens to two bytes', [3, 255, 256, 7]],
    ['widens to two, then four bytes', [1, 65_535, 65_536, 2, 0xffffffff]],
    ['widens straight to four bytes', [9, 70_000, 1]],
    ['past the first growth', Array.from({ length: 1_000 }, (_, i) => i * 97)],
  ])('%s: gives back exactly what was pushed', (_name, values) => {
    const column = countColumn();
    for (const value of values) column.push(value);
    expect(same(column.values(), values)).toBe(true);
  });

  test.each([[-1], [0.5], [2 ** 32], [Number.NaN]])('refuses %d', (value) => {
    expect(() => countColumn().push(value)).toThrow(RangeError);
  });
});

describe('byteColumn', () => {
  test('gives back what was pushed, past the first growth', () => {
    const values = Array.from({ length: 500 }, (_, i) => i % 256);
    const column = byteColumn();
    for (const value of values) column.push(value);
    expect(same(column.values(), values)).toBe(true);
  });
});
