import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonObjectFile } from '../../src/dataset/json-object-file.js';
import { createRng } from '../../src/metrics/random.js';

const dir = mkdtempSync(join(tmpdir(), 'ragseam-json-object-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fileWith = (text: string) => {
  const file = join(dir, `f${++files}.json`);
  writeFileSync(file, text);
  return file;
};

/** Block sizes that cut values, strings, escapes and multi-byte characters anywhere. */
const BLOCKS = [1, 2, 3, 7, 64, 1 << 22];

describe('readJsonObjectFile', () => {
  const wellFormed: [string, string][] = [
    ['an empty object', '{}'],
    ['no array member', '{"a": 1, "b": "two", "c": null, "d": true, "e": false}'],
    ['an empty array', '{"questions": []}'],
    [
      'a report-like object',
      JSON.stringify({ summary: { n: 2 }, questions: [{ id: 'q1' }, { id: 'q2' }], run: 1 }, null, 2),
    ],
    [
      'brackets, braces, commas, colons and quotes inside strings',
      '{"a": "}],:{[", "questions": ["],", "{\\"q\\": [1, 2]}", "\\\\", "\\\\\\"", "x\\\\"], "b": "\\"}"}',
    ],
    ['multi-byte characters cut by blocks', '{"questions": ["é", "日本語", "😀 x", {"k": "ü"}], "z": "ß"}'],
    ['nested arrays and objects in elements', '{"questions": [[1, [2, [3]]], {"a": {"b": [{}]}}, [], {}]}'],
    ['numbers of every form', '{"questions": [0, -0, 1e3, -1.5E-2, 12345678901234567890], "n": 3.25}'],
    ['a repeated key keeps its last value in its first place', '{"a": 1, "b": 2, "a": 3}'],
    [
      'a key named __proto__ is a member, not a prototype',
      '{"__proto__": {"x": 1}, "questions": [{"__proto__": 2}]}',
    ],
    ['whitespace of every kind', ' \r\n\t{ \n"questions" \t:\r\n [ 1 ,\n2 ] ,\n "a" : [ ] }\n\n'],
    ['the array key given twice', '{"questions": [1], "questions": [2, 3]}'],
    ['the array key holding no array', '{"questions": {"a": [1]}}'],
  ];
  it.each(wellFormed)('%s: what JSON.parse gives, at every block size', (_, text) => {
    const file = fileWith(text);
    for (const blockBytes of BLOCKS) {
      const read = readJsonObjectFile(file, { arrayKey: 'questions', blockBytes });
      expect(read).toEqual(JSON.parse(text));
      expect(Object.keys(read)).toEqual(Object.keys(JSON.parse(text)));
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    }
  });

  it('reads random documents as JSON.parse does', () => {
    const rng = createRng(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(rng.next() * items.length)] as T;
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? pick(['s', 'n', 'l']) : pick(['s', 'n', 'l', 'a', 'o']);
      if (kind === 's')
        return Array.from({ length: Math.floor(rng.next() * 6) }, () =>
          pick(['a', '"', '\\', '}', ']', ',', ':', 'é', '\n', '😀']),
        ).join('');
      if (kind === 'n') return Math.round(rng.next() * 1e6) / 100;
      if (kind === 'l') return pick([true, false, null]);
      if (kind === 'a') return Array.from({ length: Math.floor(rng.next() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rng.next() * 4) }, (_, k) => [
          `k${k}${pick(['', '"', ':'])}`,
          value(depth + 1),
        ]),
      );
    };
    for (let round = 0; round < 60; round++) {
      const document = {
        head: value(1),
        questions: Array.from({ length: Math.floor(rng.next() * 8) }, () => value(1)),
        tail: value(1),
      };
      const text = JSON.stringify(document, null, round % 2 === 0 ? 2 : undefined);
      const file = fileWith(text);
      for (const blockBytes of [1, 5, 1 << 22])
        expect(readJsonObjectFile(file, { arrayKey: 'questions', blockBytes })).toEqual(JSON.parse(text));
    }
  });

  it('hands each element of the array to `element` and keeps what it returns', () => {
    const file = fileWith('{"questions": [{"id": "a", "big": "x"}, {"id": "b", "big": "y"}], "n": 2}');
    const seen: number[] = [];
    const read = readJsonObjectFile(file, {
      arrayKey: 'questions',
      element: (value, index) => {
        seen.push(index);
        return (value as { id: string }).id;
      },
      blockBytes: 3,
    });
    expect(read).toEqual({ questions: ['a', 'b'], n: 2 });
    expect(seen).toEqual([0, 1]);
  });

  it('leaves out the elements `element` keeps nothing of, counting every element read', () => {
    const file = fileWith('{"questions": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]}');
    const read = readJsonObjectFile(file, {
      arrayKey: 'questions',
      element: (value, index) => (index === 0 || (value as { id: string }).id === 'c' ? value : undefined),
      blockBytes: 2,
    });
    expect(read).toEqual({ questions: [{ id: 'a' }, { id: 'c' }] });
    // Dropping every element still reads (and checks) them all.
    const broken = fileWith('{"questions": [{"id": "a"}, {"id": a}]}');
    expect(() => readJsonObjectFile(broken, { arrayKey: 'questions', element: () => undefined })).toThrow(
      'not valid JSON',
    );
  });

  const malformed: [string, string, string][] = [
    ['an empty file', '', ':1: not valid JSON (the file ends before the object does)'],
    [
      'a torn report',
      '{"summary": {"n": 1},\n"questions": [{"id": "q1"},\n{"id": ',
      ':3: not valid JSON (the file ends before the object does)',
    ],
    ['an array, not an object', '[1, 2]', ':1: not valid JSON (a JSON object must start the file)'],
    ['text after the object', '{"a": 1}\nx', ':2: not valid JSON (text after the value)'],
    ['a missing comma', '{"a": 1\n "b": 2}', ':2: not valid JSON (a ":" after a value)'],
    ['a trailing comma in the array', '{"questions": [1,\n]}', ':2: not valid JSON (an element is missing)'],
    ['a trailing comma in the object', '{"a": 1,\n}', ':2: not valid JSON (a member is missing)'],
    ['a key that is not a string', '{1: 2}', ':1: not valid JSON (a key must be a string)'],
    ['a member without a value', '{"a"}', ':1: not valid JSON (a member is missing)'],
    [
      'a broken element',
      '{"questions": [\n{"id": "q1"},\n{"id": q2}\n]}',
      ':3: not valid JSON (Unexpected token',
    ],
    ['a mismatched bracket', '{"questions": [1}', ':1: not valid JSON (a "}" closes the array)'],
  ];
  it.each(malformed)('%s: an error naming the file and the line', (_, text, message) => {
    const file = fileWith(text);
    for (const blockBytes of [1, 4, 1 << 22]) {
      expect(() => readJsonObjectFile(file, { arrayKey: 'questions', blockBytes })).toThrow(
        `${file}${message}`,
      );
      // Not one JSON object: JSON.parse fails too, or gives something else.
      expect(() => {
        const parsed = JSON.parse(text) as unknown;
        if (Array.isArray(parsed)) throw new Error('an array');
      }).toThrow();
    }
  });

  it('says a file it cannot read is unreadable', () => {
    expect(() => readJsonObjectFile(join(dir, 'missing.json'), { arrayKey: 'questions' })).toThrow(
      /missing\.json: cannot read it \(ENOENT\)/,
    );
    expect(() => readJsonObjectFile(dir, { arrayKey: 'questions' })).toThrow(/cannot read it \(EISDIR\)/);
  });
});
