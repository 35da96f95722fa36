import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openAnswerCache } from '../../src/engine/calls/answer-cache.js';
import { createKeyIndex } from '../../src/engine/calls/key-index.js';
import { ROOT } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'ragseam-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => join(root, `cache-${++dirs}`);
const generator = { id: 'exec:node reader.js', fingerprint: 'template=v1' };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the key index', () => {
  test('keys that share a 48-bit prefix are told apart by the line', () => {
    const index = createKeyIndex(4);
    // Hex keys whose first 12 digits agree: the same prefix, the same slot.
    const keys = ['abcdef012345aa', 'abcdef012345bb', 'abcdef012345cc'];
    const lineAt = new Map<number, string>();
    keys.forEach((key, n) => {
      lineAt.set(n * 100, key);
      const same = (offset: number) => lineAt.get(offset) === key;
      expect(index.put(key, n * 100, same, () => true)).toBe(true);
    });
    expect(index.size).toBe(3);
    for (const [n, key] of keys.entries()) {
      expect(index.find(key, (offset) => lineAt.get(offset) === key)).toBe(n * 100);
    }
    expect(index.find('abcdef012345dd', (offset) => lineAt.get(offset) === 'abcdef012345dd')).toBe(-1);
  });

  test('a key put twice keeps its first intact line and replaces a broken one', () => {
    const index = createKeyIndex(4);
    const same = () => true;
    expect(index.put('k', 10, same, () => true)).toBe(true);
    expect(index.put('k', 20, same, () => true)).toBe(false);
    expect(index.find('k', () => true)).toBe(10);
    expect(index.put('k', 30, same, () => false)).toBe(true);
    expect(index.find('k', () => true)).toBe(30);
    expect(index.size).toBe(1);
  });

  test('grows past its first size and finds every key, offsets beyond 4 GiB included', () => {
    const index = createKeyIndex(8);
    const offset = (n: number) => n * 2 ** 33 + n;
    for (let n = 0; n < 5_000; n++)
      index.put(
        `key ${n}`,
        offset(n),
        () => false,
        () => true,
      );
    expect(index.size).toBe(5_000);
    for (let n = 0; n < 5_000; n += 499) {
      expect(index.find(`key ${n}`, (at) => at === offset(n))).toBe(offset(n));
    }
    expect(index.offsets().sort((a, b) => a - b)).toEqual(Array.from({ length: 5_000 }, (_, n) => offset(n)));
  });
});

describe('the store behind the caches', () => {
  test('answers set in one turn are written together when the turn ends', async () => {
    const dir = freshDir();
    const cache = openAnswerCache(dir, generator);
    const file = cache.file as string;
    cache.set('k1', { answer: 'Paris' });
    cache.set('k2', { answer: 'Lyon' });
    expect(cache.get('k1')).toEqual({ answer: 'Paris' });
    expect(readFileSync(file, 'utf8')).toBe('');
    await nextTurn();
    expect(linesOf(file)).toHaveLength(2);
    expect(cache.get('k2')).toEqual({ answer: 'Lyon' });
    cache.close();
  });

  test('keys that share a prefix in one file are each served their own answer', async () => {
    const dir = freshDir();
    const first = openAnswerCache(dir, generator);
    const keys = Array.from({ length: 5 }, (_, n) => `0123456789ab${'0'.repeat(51)}${n}`);
    for (const [n, key] of keys.entries()) first.set(key, { answer: `a${n}` });
    await nextTurn();
    expect(keys.map((key) => first.get(key)?.answer)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    first.close();
    const second = openAnswerCache(dir, generator);
    expect(keys.map((key) => second.get(key)?.answer)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(second.get(`0123456789ab${'0'.repeat(51)}9`)).toBeUndefined();
    second.close();
  });

  test('two runs appending to one file see each other and lose nothing', async () => {
    const dir = freshDir();
    const a = openAnswerCache(dir, generator);
    const b = openAnswerCache(dir, generator);
    for (let n = 0; n < 6; n++) {
      (n % 2 === 0 ? a : b).set(`k${n}`, { answer: `a${n}` });
      // Both in the same turn: two lines for one key, the first wins.
      a.set('both', { answer: 'from a' });
      b.set('both', { answer: 'from b' });
      await nextTurn();
    }
    // Each finds the other's answers, read back from the lines the other appended.
    expect([0, 1, 2, 3, 4].map((n) => a.get(`k${n}`)?.answer)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect([0, 1, 2, 3, 4].map((n) => b.get(`k${n}`)?.answer)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    a.close();
    b.close();
    const file = a.file as string;
    expect(linesOf(file)).toHaveLength(8);
    const reopened = openAnswerCache(dir, generator);
    expect([0, 1, 2, 3, 4, 5].map((n) => reopened.get(`k${n}`)?.answer)).toEqual([
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
    ]);
    expect(reopened.get('both')).toEqual({ answer: 'from a' });
    reopened.close();
  });

  test('kill -9 keeps every answer of the turns that completed', () => {
    const dir = freshDir();
    const script = `
      import { openAnswerCache } from './dist/engine/calls/answer-cache.js';
      const cache = openAnswerCache(${JSON.stringify(dir)}, ${JSON.stringify(generator)});
      for (let n = 0; n < 3; n++) cache.set('first' + n, { answer: 'a' + n });
      await new Promise((resolve) => setImmediate(resolve));
      for (let n = 0; n < 3; n++) cache.set('second' + n, { answer: 'b' + n });
      await new Promise((resolve) => setTimeout(resolve, 5));
      cache.set('unfinished', { answer: 'lost' });
      process.kill(process.pid, 'SIGKILL');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
    expect(run.signal).toBe('SIGKILL');
    const reopened = openAnswerCache(dir, generator);
    expect([0, 1, 2].map((n) => reopened.get(`first${n}`)?.answer)).toEqual(['a0', 'a1', 'a2']);
    expect([0, 1, 2].map((n) => reopened.get(`second${n}`)?.answer)).toEqual(['b0', 'b1', 'b2']);
    expect(reopened.get('unfinished')).toBeUndefined();
    expect(linesOf(reopened.file as string)).toHaveLength(6);
    reopened.close();
  });
});
