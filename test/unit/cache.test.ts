import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { answerKeys, cacheKey, memoryCache, openAnswerCache } from '../../src/engine/calls/answer-cache.js';
import { decodeLine, encodeLine } from '../../src/engine/calls/jsonl-store.js';
import { scoreKeys } from '../../src/engine/calls/score-cache.js';
import type { GenerationRequest } from '../../src/generators/types.js';

const root = mkdtempSync(join(tmpdir(), 'ragseam-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => join(root, `cache-${++dirs}`);
const generator = { id: 'exec:node reader.js', fingerprint: 'template=v1' };

describe('openAnswerCache', () => {
  test('persists answers across a reopen', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    first.set('k1', { answer: 'Paris' });
    first.set('k2', { answer: 'unknown', logprobs: [-0.5, -1.25] });
    first.close();

    const second = openAnswerCache(dir, generator);
    expect(second.file).toBe(first.file);
    expect(second.get('k1')).toEqual({ answer: 'Paris' });
    expect(second.get('k2')).toEqual({ answer: 'unknown', logprobs: [-0.5, -1.25] });
    expect(second.get('k3')).toBeUndefined();
    second.close();
  });

  test('writes a key once however often it is set', () => {
    const dir = freshDir();
    const cache = openAnswerCache(dir, generator);
    cache.set('k1', { answer: 'Paris' });
    cache.set('k1', { answer: 'Lyon' });
    cache.close();
    // one entry, then the empty string after its newline
    expect(readFileSync(cache.file as string, 'utf8').split('\n')).toHaveLength(2);
    const reopened = openAnswerCache(dir, generator);
    expect(reopened.get('k1')).toEqual({ answer: 'Paris' });
    reopened.close();
  });

  test('ignores a torn last line and keeps appending whole lines after it', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    first.set('k1', { answer: 'Paris' });
    first.set('k2', { answer: 'Lyon' });
    first.close();
    // a kill -9 in the middle of writing the third entry
    appendFileSync(first.file as string, '{"k":"k3","a":"Mar');

    const second = openAnswerCache(dir, generator);
    expect(second.get('k1')).toEqual({ answer: 'Paris' });
    expect(second.get('k2')).toEqual({ answer: 'Lyon' });
    expect(second.get('k3')).toBeUndefined();
    second.set('k3', { answer: 'Marseille' });
    second.set('k4', { answer: 'Nice' });
    second.close();

    const third = openAnswerCache(dir, generator);
    expect([1, 2, 3, 4].map((n) => third.get(`k${n}`)?.answer)).toEqual([
      'Paris',
      'Lyon',
      'Marseille',
      'Nice',
    ]);
    third.close();
    const lines = readFileSync(first.file as string, 'utf8').split('\n');
    // k1, k2, the torn fragment on a line of its own, k3, k4, then the final newline's empty string
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe('{"k":"k3","a":"Mar');
    expect(decodeLine(lines[3] as string)).toEqual({ key: 'k3', fields: { a: 'Marseille' } });
    expect(decodeLine(lines[4] as string)).toEqual({ key: 'k4', fields: { a: 'Nice' } });
    expect(lines[5]).toBe('');
  });

  test('a last entry that is whole but lost its newline still counts', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    first.close();
    appendFileSync(first.file as string, encodeLine('k1', { a: 'Paris' }).trimEnd());
    const second = openAnswerCache(dir, generator);
    expect(second.get('k1')).toEqual({ answer: 'Paris' });
    second.set('k2', { answer: 'Lyon' });
    second.close();
    expect(readFileSync(first.file as string, 'utf8')).toBe(
      `${encodeLine('k1', { a: 'Paris' })}${encodeLine('k2', { a: 'Lyon' })}`,
    );
  });

  test('a line whose checksum does not match (a flipped byte) is never served', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    first.set('k1', { answer: 'Paris' });
    first.set('k2', { answer: 'Lyon' });
    first.set('k3', { answer: 'Nice' });
    first.close();
    const file = first.file as string;
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Lyon"', '"Lyom"'));
    const second = openAnswerCache(dir, generator);
    expect(second.get('k1')).toEqual({ answer: 'Paris' });
    expect(second.get('k2')).toBeUndefined();
    second.close();
  });

  test('lines without a checksum (hand-written, or an older cache) are not served', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    first.close();
    appendFileSync(first.file as string, '{"k":"k1","a":"Paris"}\n');
    const second = openAnswerCache(dir, generator);
    expect(second.get('k1')).toBeUndefined();
    second.close();
  });

  test('compacts on open when more than half the lines are dead, keeping every live entry', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    for (let n = 0; n < 4; n++) first.set(`k${n}`, { answer: `a${n}` });
    first.close();
    const file = first.file as string;
    // a concurrent run wrote the same keys again, and a kill tore lines
    const twice = readFileSync(file, 'utf8');
    appendFileSync(file, `${twice}{"k":"k9","a":"torn\n${twice}`);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(14);
    const second = openAnswerCache(dir, generator);
    expect([0, 1, 2, 3].map((n) => second.get(`k${n}`)?.answer)).toEqual(['a0', 'a1', 'a2', 'a3']);
    second.set('k4', { answer: 'a4' });
    second.close();
    expect(readFileSync(file, 'utf8')).toBe(
      [0, 1, 2, 3, 4].map((n) => encodeLine(`k${n}`, { a: `a${n}` })).join(''),
    );
    expect(readFileSync(file, 'utf8')).not.toContain('torn');
  });

  test('reads a cache far longer than one chunk', () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    const long = 'x'.repeat(3_000_000);
    first.set('long', { answer: long });
    for (let n = 0; n < 20_000; n++) first.set(`k${n}`, { answer: `answer ${n}` });
    first.close();
    const second = openAnswerCache(dir, generator);
    expect(second.get('long')?.answer).toBe(long);
    expect(second.get('k19999')).toEqual({ answer: 'answer 19999' });
    second.close();
  });

  test("two runs appending to one file at once each find every answer, theirs and the other run's", async () => {
    const dir = freshDir();
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const one = openAnswerCache(dir, generator);
    const other = openAnswerCache(dir, generator);
    // Each run's answers of a turn are written when the turn ends, between the other run's.
    one.set('a1', { answer: 'one 1' });
    await turn();
    other.set('b1', { answer: 'other 1' });
    await turn();
    one.set('a2', { answer: 'one 2' });
    other.set('b2', { answer: 'other 2' });
    await turn();
    one.set('a3', { answer: 'one 3' });
    await turn();
    const keys = ['a1', 'b1', 'a2', 'b2', 'a3'];
    // A run reads the other's lines when it next writes: `one` wrote last, `other` before a3.
    expect(keys.map((key) => one.get(key)?.answer)).toEqual([
      'one 1',
      'other 1',
      'one 2',
      'other 2',
      'one 3',
    ]);
    expect(keys.map((key) => other.get(key)?.answer)).toEqual([
      'one 1',
      'other 1',
      'one 2',
      'other 2',
      undefined,
    ]);
    one.close();
    other.close();
  });

  test('each generator fingerprint has its own file', () => {
    const dir = freshDir();
    const v1 = openAnswerCache(dir, generator);
    v1.set('k1', { answer: 'Paris' });
    v1.close();
    const v2 = openAnswerCache(dir, { ...generator, fingerprint: 'template=v2' });
    expect(v2.file).not.toBe(v1.file);
    expect(v2.get('k1')).toBeUndefined();
    v2.close();
  });
});

describe('memoryCache', () => {
  test('keeps answers for the run only', () => {
    const cache = memoryCache();
    expect(cache.file).toBeUndefined();
    cache.set('k1', { answer: 'Paris' });
    expect(cache.get('k1')).toEqual({ answer: 'Paris' });
    expect(memoryCache().get('k1')).toBeUndefined();
  });
});

describe('cacheKey', () => {
  const request: GenerationRequest = {
    question: 'Capital of France?',
    passages: [
      { id: 'p1', title: 'Paris', text: 'Paris is the capital.' },
      { id: 'p2', text: 'The Seine flows.' },
    ],
  };
  const [p1, p2] = request.passages as [
    GenerationRequest['passages'][number],
    GenerationRequest['passages'][number],
  ];
  const base = cacheKey(generator, request);

  test('is a stable hex digest of the same inputs', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...generator }, { question: request.question, passages: [{ ...p1 }, { ...p2 }] })).toBe(
      base,
    );
    expect(cacheKey(generator, request, 0)).toBe(base);
  });

  test.each([
    ['the generator id', cacheKey({ ...generator, id: 'exec:node other.js' }, request)],
    ['the generator fingerprint', cacheKey({ ...generator, fingerprint: 'template=v2' }, request)],
    ['the question', cacheKey(generator, { ...request, question: 'Capital of Spain?' })],
    ['the passage order', cacheKey(generator, { ...request, passages: [p2, p1] })],
    [
      'a passage text',
      cacheKey(generator, { ...request, passages: [p1, { ...p2, text: 'The Seine flows!' }] }),
    ],
    ['a passage title', cacheKey(generator, { ...request, passages: [{ ...p1, title: 'paris' }, p2] })],
    ['a passage id', cacheKey(generator, { ...request, passages: [p1, { ...p2, id: 'p3' }] })],
    ['a passage left out', cacheKey(generator, { ...request, passages: [p1] })],
    ['no passages', cacheKey(generator, { ...request, passages: [] })],
    ['the sample index', cacheKey(generator, request, 1)],
  ])('changes with %s', (_, key) => {
    expect(key).not.toBe(base);
  });

  test('one key function for a run gives each request the key a fresh one gives', () => {
    const keys = answerKeys(generator);
    const variants: GenerationRequest[] = [
      request,
      { ...request, passages: [p2, p1] },
      { ...request, passages: [p1, { ...p2, text: 'The Seine flows!' }] },
      { ...request, passages: [p1] },
      request,
    ];
    expect(variants.map((variant) => keys(variant))).toEqual(
      variants.map((variant) => cacheKey(generator, variant)),
    );
    expect(new Set(variants.map((variant) => keys(variant))).size).toBe(4);
  });

  test('a score has a key of its own kind, changing with the answer scored', () => {
    const scores = scoreKeys(generator);
    const paris = scores({ ...request, answer: 'Paris' });
    expect(paris).toMatch(/^[0-9a-f]{64}$/);
    expect(paris).not.toBe(base);
    expect(scores({ ...request, answer: 'Lyon' })).not.toBe(paris);
    expect(scoreKeys({ ...generator })({ ...request, answer: 'Paris' })).toBe(paris);
  });
});
