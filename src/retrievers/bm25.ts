import MiniSearch from 'minisearch';
import { UsageError } from '../model/errors.js';
import type { Passage } from '../model/types.js';
import { loadCorpus } from './corpus.js';
import type { CorpusRetriever, RetrieverFactory } from './types.js';

/** Okapi BM25 parameters; d = 0 turns MiniSearch's BM25+ into classic BM25. */
export const BM25_PARAMS = { k: 1.2, b: 0.75, d: 0 } as const;

/** A BM25 index over passages (title and text as one field). */
export function createBm25Index(corpus: readonly Passage[]): (question: string, topK: number) => Passage[] {
  const index = new MiniSearch<{ id: number; body: string }>({
    fields: ['body'],
    searchOptions: { bm25: BM25_PARAMS },
  });
  index.addAll(
    corpus.map((passage, position) => ({ id: position, body: `${passage.title ?? ''}\n${passage.text}` })),
  );
  return (question, topK) =>
    index
      .search(question)
      // Ties break by corpus order, so results never depend on the engine's internal ordering.
      .sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number))
      .slice(0, topK)
      .map((hit) => ({ ...(corpus[hit.id as number] as Passage), score: hit.score }));
}

/** `bm25:<corpus.jsonl>`: BM25 top-k over a corpus file. */
export const createBm25Retriever: RetrieverFactory = async (argument) => {
  if (argument.trim() === '')
    throw new UsageError('--retriever bm25 needs a corpus file: bm25:<corpus.jsonl>');
  const corpus = await loadCorpus(argument);
  const search = createBm25Index(corpus);
  const retriever: CorpusRetriever = {
    id: `bm25:${argument}`,
    corpus,
    async retrieve(query, topK) {
      return search(query.question, topK);
    },
  };
  return retriever;
};
