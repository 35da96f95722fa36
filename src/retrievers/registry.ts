import { lookupKind } from '../providers/spec.js';
import type { Retriever, RetrieverFactory, RetrieverOptions } from './types.js';

/**
 * Retriever kinds by exact name. Each kind's module loads when a retriever of that kind is built,
 * so a run pays only for the kind it uses.
 */
export const RETRIEVERS = {
  dataset: async (argument, options) =>
    (await import('./dataset.js')).createDatasetRetriever(argument, options),
  bm25: async (argument, options) => (await import('./bm25/index.js')).createBm25Retriever(argument, options),
  http: async (argument, options) => (await import('./http/index.js')).createHttpRetriever(argument, options),
  dense: async (argument, options) =>
    (await import('./dense/index.js')).createDenseRetriever(argument, options),
} as const satisfies Record<string, RetrieverFactory>;

export type RetrieverKind = keyof typeof RETRIEVERS;

/** Builds the retriever a `--retriever` spec names. */
export async function createRetriever(spec: string, options: RetrieverOptions): Promise<Retriever> {
  const { factory, argument } = lookupKind(RETRIEVERS, spec, '--retriever', 'bm25:corpus.jsonl');
  return factory(argument, options);
}
