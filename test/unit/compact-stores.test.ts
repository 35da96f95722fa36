import { describe, expect, it } from 'vitest';
import { createIdLines } from '../../src/dataset/id-lines.js';
import { encodeRecord, openRecordFile, PARSED_RECORDS } from '../../src/engine/record-file.js';
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

describe('openRecordFile, read in order', () => {
  it('gives every record back in passes in written order, with writes, replacements, random reads and records longer than a read-ahead block between', () => {
    const file = openRecordFile<{ n: number; text: string }>(0);
    const value = (n: number, version = 0) => ({
      n,
      // Every 97th record is far longer than a read-ahead block (64 KB); some are multi-byte.
      text: `${version}:${n % 97 === 0 ? 'x'.repeat(200_000) : 'é日'.repeat(n % 40)}`,
    });
    const expected: string[] = [];
    const set = (index: number, version = 0) => {
      file.set(index, value(index, version));
      expected[index] = encodeRecord(value(index, version));
    };
    const check = (index: number) =>
      expect(file.peek(index, (bytes) => bytes.toString('utf8'))).toBe(expected[index]);
    try {
      for (let index = 0; index < 3000; index++) set(index);
      for (let index = 0; index < 3000; index++) {
        check(index);
        if (index === 1500) {
          // Written while a pass reads: appended after it, then a record replaced behind and ahead.
          for (let more = 3000; more < 4000; more++) set(more);
          set(1200, 1);
          set(1700, 1);
        }
        if (index % 500 === 250) for (let jump = 0; jump < 5; jump++) check((index * 7 + jump * 613) % 3000);
      }
      for (let index = 0; index < 4000; index++) check(index);
      for (let index = 3999; index >= 0; index -= 3) check(index);
      // Past the records kept parsed, `get` reads them in order too.
      for (let index = 0; index < 4000; index++)
        expect(file.get(index)).toEqual(JSON.parse(expected[index] as string));
    } finally {
      file.close();
    }
  });

  it('never serves a record from past the end of what was read ahead', () => {
    const file = openRecordFile<unknown>(0);
    try {
      for (let index = 0; index < 10; index++) file.set(index, { index });
      for (let index = 0; index < 10; index++) expect(file.get(index)).toEqual({ index });
      // Appended right after the block read ahead, one byte long: read from the file, not the block.
      file.set(10, 5);
      expect(file.peek(10, (bytes) => bytes.toString('utf8'))).toBe('5');
      file.set(11, 'ab');
      expect(file.get(11)).toBe('ab');
    } finally {
      file.close();
    }
  });
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
