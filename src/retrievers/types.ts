import type { Passage } from '../core/types.js';

/** What a retriever is asked: a question, with the passages the dataset carried for it if any. */
export interface RetrievalQuery {
  readonly id: string;
  readonly question: string;
  readonly passages?: readonly Passage[];
}

/** Anything that returns ranked passages for a question. */
export interface Retriever {
  /** Shown in reports, e.g. "bm25:corpus.jsonl". */
  readonly id: string;
  retrieve(query: RetrievalQuery, topK: number, signal?: AbortSignal): Promise<Passage[]>;
  close?(): Promise<void>;
}

export interface RetrieverOptions {
  /** Directory for on-disk indexes (e.g. dense embeddings), when caching is on. */
  readonly cacheDir?: string;
  readonly offline?: boolean;
  /** A corpus file for retrievers that take one by flag. */
  readonly corpus?: string;
}

export type RetrieverFactory = (argument: string, options: RetrieverOptions) => Promise<Retriever>;
