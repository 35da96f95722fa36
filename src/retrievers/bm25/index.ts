import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../model/errors.js';
import type { CorpusRetriever, Retriever, RetrieverFactory } from '../types.js';
import { buildBm25Index } from './build-index.js';
import { bm25IndexKey, findIndex, storeIndex } from './index-files.js';
import { Bm25Searcher } from './search-index.js';

export { BM25_PARAMS } from './scoring.js';

/** Where the index of a corpus is: reused from the cache, built into it, or built into a temporary folder. */
async function openIndex(corpus: string, cacheDir: string | undefined) {
  if (cacheDir === undefined) {
    const folder = mkdtempSync(join(tmpdir(), 'ragseam-bm25-'));
    try {
      await buildBm25Index(corpus, folder);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    return { folder, key: undefined, temporary: true };
  }
  const key = bm25IndexKey(corpus);
  const folder =
    findIndex(cacheDir, key) ?? (await storeIndex(cacheDir, key, (into) => buildBm25Index(corpus, into)));
  return { folder, key, temporary: false };
}

/** A `bm25:` retriever: BM25 with its fixed settings over its corpus file. */
export interface Bm25Retriever extends CorpusRetriever {
  readonly kind: 'bm25';
}

export function isBm25Retriever(retriever: Retriever): retriever is Bm25Retriever {
  return (retriever as Partial<Bm25Retriever>).kind === 'bm25';
}

/**
 * `bm25:<corpus.jsonl>`: BM25 top-k over a corpus file, from an on-disk index built in one
 * streaming pass. With a cache directory the index is kept there, keyed by the corpus bytes and
 * the BM25 settings, and reused by later runs and parallel shards.
 */
export const createBm25Retriever: RetrieverFactory = async (argument, options) => {
  if (argument.trim() === '')
    throw new UsageError('--retriever bm25 needs a corpus file: bm25:<corpus.jsonl>');
  const { folder, key, temporary } = await openIndex(argument, options.cacheDir);
  const searcher = new Bm25Searcher(folder);
  const retriever: Bm25Retriever = {
    id: `bm25:${argument}`,
    kind: 'bm25',
    corpusFile: argument,
    indexKey: key,
    async retrieve(query, topK) {
      return searcher.search(query.question, topK);
    },
    async close() {
      searcher.close();
      if (temporary) rmSync(folder, { recursive: true, force: true });
    },
  };
  return retriever;
};
