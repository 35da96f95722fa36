import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Embedder, loadEmbedder } from '../../src/backends/embedder.js';
import { embedCorpus } from '../../src/retrievers/dense/embed-corpus.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const TEXTS = readFileSync(join(ROOT, 'fixtures/world/corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => String((JSON.parse(line) as { text: string }).text));

/** The bundled embedder, counting the texts it is given and failing (an interrupt) after `stopAfter` calls. */
function counting(embedder: Embedder, stopAfter = Number.POSITIVE_INFINITY) {
  const seen: number[] = [];
  const wrapped: Embedder = {
    ...embedder,
    async embed(texts) {
      if (seen.length >= stopAfter) throw new Error('interrupted');
      seen.push(texts.length);
      return embedder.embed(texts);
    },
  };
  return { wrapped, seen };
}

describe('dense: embedding the corpus', () => {
  it('resumes after an interrupt from the last whole chunk, and ends with the same vectors', async () => {
    const embedder = await loadEmbedder(join(ROOT, 'fixtures/models/embedder'), { offline: true });
    try {
      const whole = await embedCorpus(embedder, TEXTS, undefined, undefined, 40);
      const folder = tempDir();
      const cache = { folder, key: 'abc' };
      const first = counting(embedder, 3);
      await expect(embedCorpus(first.wrapped, TEXTS, cache, undefined, 40)).rejects.toThrow('interrupted');
      expect(first.seen).toEqual([40, 40, 40]);
      // As if the interrupted run were another process that has died.
      for (const name of readdirSync(folder)) {
        renameSync(join(folder, name), join(folder, name.replace(`.${process.pid}.`, `.${2 ** 23}.`)));
      }
      const progress: [number, number][] = [];
      const second = counting(embedder);
      const resumed = await embedCorpus(
        second.wrapped,
        TEXTS,
        cache,
        (done, total) => progress.push([done, total]),
        40,
      );
      expect(second.seen).toEqual([40, 40, 40, 10]);
      expect(progress).toEqual([
        [0, 130],
        [40, 130],
        [80, 130],
        [120, 130],
        [130, 130],
      ]);
      expect(resumed).toEqual(whole);
      expect(readdirSync(folder).every((name) => name.includes(`.${process.pid}.`))).toBe(true);
    } finally {
      await embedder.dispose();
    }
  });
});
