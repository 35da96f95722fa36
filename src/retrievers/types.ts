import type { Passage } from '../model/types.js';
import type { HttpRetrieverOptions } from './http/options.js';

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
  /** The content of the model it retrieves with, when it has one (`dense:`'s embedder). */
  readonly modelFingerprint?: string;
}

/**
 * A retriever behind a network endpoint. The run caches its results (so a resumed run repeats no
 * retrieval that succeeded) and retries its failed calls like generator calls.
 */
export interface RemoteRetriever extends Retriever {
  /** Everything besides the id that changes its results; part of the cache key. Never a secret. */
  readonly fingerprint: string;
}

export function isRemoteRetriever(retriever: Retriever): retriever is RemoteRetriever {
  return typeof (retriever as Partial<RemoteRetriever>).fingerprint === 'string';
}

/** A retriever over a corpus file (bm25, dense); its corpus can yield weak gold evidence. */
export interface CorpusRetriever extends Retriever {
  /** The corpus JSON Lines file it retrieves from. */
  readonly corpusFile: string;
  /**
   * The key of its index in the cache directory: a digest of the corpus bytes and the index's
   * settings. Undefined when the index was built without a cache.
   */
  readonly indexKey: string | undefined;
}

export function hasCorpus(retriever: Retriever): retriever is CorpusRetriever {
  return typeof (retriever as Partial<CorpusRetriever>).corpusFile === 'string';
}

export interface RetrieverOptions {
  /** Directory for on-disk indexes (e.g. dense embeddings), when caching is on. */
  readonly cacheDir?: string;
  readonly offline?: boolean;
  /** A corpus file for retrievers that take one by flag. */
  readonly corpus?: string;
  /** Where downloaded models are cached (dense). */
  readonly modelCacheDir?: string;
  /** Per-call timeout of network retrievers, in ms. */
  readonly timeoutMs?: number;
  /** Follow same-origin redirects that keep the method. */
  readonly followRedirects?: boolean;
  /** Environment to read `${NAME}` header and URL values from (the CLI passes its own). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Settings of the `http` kind. */
  readonly http?: HttpRetrieverOptions;
  /** Progress of long preparation, e.g. `dense:` embedding its corpus: items done of the total. */
  readonly onProgress?: (phase: 'embed', done: number, total: number) => void;
}

export type RetrieverFactory = (argument: string, options: RetrieverOptions) => Promise<Retriever>;
