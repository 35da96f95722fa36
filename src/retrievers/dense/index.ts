import { readFileSync } from 'node:fs';
import { loadEmbedder } from '../../backends/transformers.js';
import { UsageError } from '../../model/errors.js';
import { loadCorpus } from '../corpus.js';
import type { CorpusRetriever, RetrieverFactory } from '../types.js';
import { indexKey, readCachedIndex, writeCachedIndex } from './index-cache.js';
import { buildVectorIndex, topPassages } from './vector-index.js';

/**
 * `dense:<model>` with `--corpus <corpus.jsonl>`: sentence embeddings from a local or hub
 * feature-extraction model, exact cosine top-k. The corpus embeddings are cached on disk, keyed
 * by the model and the corpus content, so a second run does not embed the corpus again.
 */
export const createDenseRetriever: RetrieverFactory = async (model, options) => {
  if (model.trim() === '')
    throw new UsageError('--retriever dense needs a model: dense:<model folder or id>');
  if (options.corpus === undefined) {
    throw new UsageError(`--retriever dense:${model} needs --corpus <corpus.jsonl>`);
  }
  const corpus = await loadCorpus(options.corpus);
  const embedder = await loadEmbedder(model, {
    offline: options.offline ?? false,
    ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
  });
  const key = indexKey(embedder.fingerprint, readFileSync(options.corpus));
  let index = options.cacheDir === undefined ? undefined : readCachedIndex(options.cacheDir, key);
  if (index === undefined) {
    index = buildVectorIndex(
      await embedder.embed(corpus.map((passage) => `${passage.title ?? ''} ${passage.text}`.trim())),
    );
    if (options.cacheDir !== undefined) writeCachedIndex(options.cacheDir, key, index, model);
  }
  const built = index;
  const retriever: CorpusRetriever & { readonly indexKey: string } = {
    id: `dense:${model}`,
    corpusFile: options.corpus,
    indexKey: key,
    async retrieve(query, topK) {
      const [vector] = await embedder.embed([query.question]);
      return topPassages(built, corpus, vector as Float32Array, topK);
    },
    close: () => embedder.dispose(),
  };
  return retriever;
};
