import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeItems } from '../../src/engine/item-store.js';
import { datasetDigest } from '../../src/engine/journal.js';
import { encodeRecord, openRecordFile } from '../../src/engine/record-file.js';
import type { Item } from '../../src/model/types.js';

const dir = mkdtempSync(join(tmpdir(), 'ragseam-item-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Ids a byte scanner could misread: quotes and backslashes escaped in JSON, a backslash just
// before the closing quote, characters beyond ASCII, a NUL first (marked in a record), numbers.
const ROWS = [
  { id: 'plain', question: 'Who?', answers: ['Ada'] },
  { id: 'say "hi"', question: 'What?', answers: ['x'] },
  { id: 'ends with \\', question: 'Where?' },
  { id: '\\"', question: 'When?' },
  { id: 'é 日本 \ud83d\ude00', question: 'Which?' },
  { id: '\u0000nul', question: 'Why?' },
  { id: 17, question: 'How many?', passages: [{ text: 'score', score: -0 }] },
  { question: 'No id?', passages: [{ id: 'p', title: 'T', text: 'a "quoted" passage', score: 1.5 }] },
];

function datasetFile(name: string, rows: readonly unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
  return file;
}

const source = (dataset: string) => ({
  dataset,
  rows: undefined,
  inputFormat: 'auto' as const,
  shard: undefined,
});

describe('storeItems', () => {
  it.each([
    ['a small file, kept in memory', 1],
    ['a file past the in-memory bound', 100],
  ])(
    'reads every id as the whole question gives it, and the digest of reading them all back: %s',
    async (_name, copies) => {
      const rows = Array.from({ length: copies }, (_, copy) =>
        ROWS.map((row) =>
          copies === 1
            ? row
            : { ...row, id: `${String(row.id ?? 'line')}#${copy}`, filler: 'y'.repeat(42_000) },
        ),
      ).flat();
      const items = await storeItems(source(datasetFile(`rows-${copies}.jsonl`, rows)), {
        cacheDir: dir,
        resume: true,
      });
      try {
        expect(items.length).toBe(rows.length);
        for (let index = 0; index < items.length; index++)
          expect(items.idAt?.(index)).toBe((items.at(index) as Item).id);
        expect(items.idAt?.(items.length)).toBeUndefined();
        // The digest computed while loading is the one computed by reading every question back.
        const readBack = { length: items.length, at: (index: number) => items.at(index) };
        expect(items.digest).toMatch(/^[0-9a-f]{64}$/);
        expect(items.digest).toBe(datasetDigest(readBack));
      } finally {
        items.close();
      }
    },
  );

  it('computes no digest when no result journal is kept', async () => {
    const file = datasetFile('plain.jsonl', ROWS);
    for (const environment of [{}, { cacheDir: dir, resume: false }, { cacheDir: undefined, resume: true }]) {
      const items = await storeItems(source(file), environment);
      expect(items.digest).toBeUndefined();
      items.close();
    }
  });

  it('gives a different digest for a changed question, and for the same questions reordered', async () => {
    const digest = async (name: string, rows: readonly unknown[]) => {
      const items = await storeItems(source(datasetFile(name, rows)), { cacheDir: dir, resume: true });
      items.close();
      return items.digest;
    };
    const base = await digest('base.jsonl', ROWS);
    expect(await digest('same.jsonl', ROWS)).toBe(base);
    expect(await digest('changed.jsonl', [{ ...ROWS[0], question: 'Who else?' }, ...ROWS.slice(1)])).not.toBe(
      base,
    );
    expect(await digest('reordered.jsonl', [ROWS[1], ROWS[0], ...ROWS.slice(2)])).not.toBe(base);
  });
});

describe('encodeRecord', () => {
  it.each<[string, unknown, unknown]>([
    [
      'plain JSON',
      { a: [1, 'two', null, true, { b: 2.5 }], c: '' },
      { a: [1, 'two', null, true, { b: 2.5 }], c: '' },
    ],
    ['-0 deep in arrays and objects', { a: [{ b: { c: [0, -0] } }] }, { a: [{ b: { c: [0, -0] } }] }],
    [
      'NaN and infinities',
      [Number.NaN, { x: Number.POSITIVE_INFINITY }, Number.NEGATIVE_INFINITY],
      [Number.NaN, { x: Number.POSITIVE_INFINITY }, Number.NEGATIVE_INFINITY],
    ],
    ['a string starting with NUL', { deep: [{ text: '\u0000#5' }] }, { deep: [{ text: '\u0000#5' }] }],
    ['NUL elsewhere in a string', { text: 'a\u0000b' }, { text: 'a\u0000b' }],
    ['a Date (its toJSON)', { when: new Date(0) }, { when: '1970-01-01T00:00:00.000Z' }],
    ['undefined and functions, dropped as JSON drops them', { a: undefined, f: () => 1, n: 1 }, { n: 1 }],
  ])('gives back each value as it went in, through a record file: %s', (_name, value, expected) => {
    for (const inMemoryBytes of [undefined, 0]) {
      const file = openRecordFile<unknown>(inMemoryBytes);
      try {
        const bytes = file.set(0, value);
        expect(bytes.toString('utf8')).toBe(encodeRecord(value));
        expect(file.peek(0, (raw) => raw.toString('utf8'))).toBe(encodeRecord(value));
        expect(file.peek(1, () => 'unset')).toBeUndefined();
        // toEqual tells -0 from 0 and NaN from null.
        expect(file.get(0)).toEqual(expected);
      } finally {
        file.close();
      }
    }
  });

  it('encodes as plain JSON when nothing needs marking, and marks what does', () => {
    const plain = { a: [1, 'two', { b: 2.5 }], c: 'x\u0000y' };
    expect(encodeRecord(plain)).toBe(JSON.stringify(plain));
    expect(encodeRecord({ a: [-0] })).not.toBe(JSON.stringify({ a: [-0] }));
    expect(encodeRecord({ a: [{ b: Number.NaN }] })).not.toBe(JSON.stringify({ a: [{ b: Number.NaN }] }));
    expect(encodeRecord(['\u0000x'])).not.toBe(JSON.stringify(['\u0000x']));
  });
});
