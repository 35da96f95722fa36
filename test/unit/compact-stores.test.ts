import { describe, expect, it } from 'vitest';
import { createIdLines } from '../../src/dataset/id-lines.js';
import { openRecordFile, PARSED_RECORDS } from '../../src/engine/record-file.js';
import { packedCandidates } from '../../src/probes/candidate-list.js';

describe('openRecordFile', () => {
  it.each([
    ['in memory', undefined],
    ['in the file from the start', 0],
    ['moved to the file half-way', 600_000],
  ])('gives back each record as it was set, by position, in any order: %s', (_name, inMemoryBytes) => {
    const file = openRecordFile<unknown>(inMemoryBytes);
    try {
      const values: unknown[] = [
        { question: 'Who?', answers: ['Ada'], passages: [{ id: 'p1', text: 'é 日本 \ud800 lone' }] },
        { logprobs: [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1.25] },
        { nul: '\u0000x', marked: '\u0000#5', empty: '', nothing: null },
        'text',
        42,
      ];
      // Set out of order and far apart, as concurrent retrieval does; past the first block too.
      const order = [3, 0, 4, 1, 2];
      for (const index of order) file.set(index * 7, values[index]);
      for (let index = 0; index < 3000; index++) file.set(index * 7 + 1, { filler: 'x'.repeat(500), index });
      for (const [index, value] of values.entries()) expect(file.get(index * 7)).toEqual(value);
      const numbers = (file.get(7) as { logprobs: number[] }).logprobs;
      expect(Object.is(numbers[0], -0)).toBe(true);
      expect(numbers.slice(1, 4)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      expect(file.get(2999 * 7 + 1)).toEqual({ filler: 'x'.repeat(500), index: 2999 });
      expect(file.get(3)).toBeUndefined();
      expect(file.get(10 ** 9)).toBeUndefined();
    } finally {
      file.close();
    }
  });

  it.each([
    ['in memory', undefined],
    ['in the file', 0],
  ])(
    'keeps the records read last parsed, forgets the oldest, and never serves a replaced one: %s',
    (_name, inMemoryBytes) => {
      const file = openRecordFile<{ n: number }>(inMemoryBytes);
      try {
        for (let index = 0; index <= PARSED_RECORDS; index++) file.set(index, { n: index });
        const first = file.get(0);
        expect(file.get(0)).toBe(first);
        // Reading PARSED_RECORDS others pushes record 0 out: it is parsed again, equal but new.
        for (let index = 1; index <= PARSED_RECORDS; index++) file.get(index);
        const again = file.get(0);
        expect(again).toEqual({ n: 0 });
        expect(again).not.toBe(first);
        file.set(0, { n: -1 });
        expect(file.get(0)).toEqual({ n: -1 });
      } finally {
        file.close();
      }
    },
  );
});

describe('createIdLines', () => {
  it('finds every id added, by exact text, and no other', () => {
    const lines = createIdLines();
    const ids = Array.from({ length: 5000 }, (_, index) => `q${index}`);
    ids.push('日本', '\ud800', '\udc00', 'Q1', '');
    for (const [index, id] of ids.entries()) {
      expect(lines.lineOf(id)).toBeUndefined();
      lines.add(id, index + 1);
    }
    for (const [index, id] of ids.entries()) expect(lines.lineOf(id)).toBe(index + 1);
    expect(lines.lineOf('q5000')).toBeUndefined();
    expect(lines.lineOf('q1 ')).toBeUndefined();
    expect(lines.lineOf('\ufffd')).toBeUndefined();
  });
});

describe('packedCandidates', () => {
  it('gives back each candidate as pushed', () => {
    const list = packedCandidates('person');
    const pushed = [
      { id: 'q1', answer: 'Ada Lovelace', evidence: 'own', asks: 'who' },
      { id: '日本', answer: 'Zoë', evidence: 'question', asks: '' },
      { id: '', answer: 'x y', evidence: 'own', asks: 'how' },
    ] as const;
    for (let round = 0; round < 200; round++) for (const candidate of pushed) list.push(candidate);
    expect(list.length).toBe(600);
    for (let index = 0; index < 600; index++)
      expect(list.at(index)).toEqual({ ...pushed[index % 3], type: 'person' });
    expect(list.at(600)).toBeUndefined();
  });
});
