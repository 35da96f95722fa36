import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/model/errors.js';
import { parseJsonPath } from '../../src/providers/http/json-path.js';
import { readPassages } from '../../src/retrievers/http/read-passages.js';

const path = (text: string) =>
  parseJsonPath(text) as Exclude<ReturnType<typeof parseJsonPath>, { error: string }>;
const mapping = {
  list: path('hits'),
  text: path('text'),
  id: path('id'),
  title: path('title'),
  score: path('_additional.score'),
};
const fail = (what: string) => new ProviderError(what);
const scoreOf = (score: unknown) =>
  readPassages({ hits: [{ id: 'a', text: 't', _additional: { score } }] }, mapping, 'q', fail)[0]?.score;

describe('http retriever scores', () => {
  it('reads numbers and decimal strings (Weaviate GraphQL), and no score as none', () => {
    const cases: [unknown, number | undefined][] = [
      [2.5, 2.5],
      [0, 0],
      [-1, -1],
      ['3.0140665', 3.0140665],
      [' 7 ', 7],
      ['-0.25', -0.25],
      ['1e-3', 0.001],
      ['.5', 0.5],
      [null, undefined],
      [undefined, undefined],
    ];
    for (const [score, expected] of cases) expect(scoreOf(score), String(score)).toBe(expected);
  });

  it('refuses a score that is not a finite number, naming its path', () => {
    for (const score of ['', 'high', '0x10', 'NaN', 'Infinity', '1,5', true, [], {}, Number.NaN]) {
      expect(() => scoreOf(score), String(score)).toThrow(
        'hits[0]: the score at _additional.score is not a number',
      );
    }
  });
});
