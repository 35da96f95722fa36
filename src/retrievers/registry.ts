import { lookupKind } from '../providers/spec.js';
import { createBm25Retriever } from './bm25/index.js';
import { createDatasetRetriever } from './dataset.js';
import { createDenseRetriever } from './dense/index.js';
import { createHttpRetriever } from './http/index.js';
import type { Retriever, RetrieverFactory, RetrieverOptions } from './types.js';

/** Retriever kinds by exact name. */
export const RETRIEVERS = {
  dataset: createDatasetRetriever,
  bm25: createBm25Retriever,
  http: createHttpRetriever,
  dense: createDenseRetriever,
} as const satisfies Record<string, RetrieverFactory>;

export type RetrieverKind = keyof typeof RETRIEVERS;

/** Builds the retriever a `--retriever` spec names. */
export async function createRetriever(spec: string, options: RetrieverOptions): Promise<Retriever> {
  const { factory, argument } = lookupKind(RETRIEVERS, spec, '--retriever', 'bm25:corpus.jsonl');
  return factory(argument, options);
}
