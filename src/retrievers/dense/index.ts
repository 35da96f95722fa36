import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbedder } from '../../backends/embedder.js';
import { UsageError } from '../../model/errors.js';
import { loadCorpus } from '../corpus.js';
import type { CorpusRetriever, RetrieverFactory } from '../types.js';
import { embedCorpus, removePartial } from './embed-corpus.js';
import { indexKey, readCachedIndex, writeCachedIndex } from './index-cache.js';
import { readCachedIvf, writeCachedIvf } from './ivf-cache.js';
import {
  buildIvfIndex,
  defaultListCount,
  defaultProbeCount,
  type IvfIndex,
  searchIvfIndex,
} from './ivf-index.js';
import { parseDenseArgument } from './options.js';
import { normalizeInPlace, searchVectorIndex, topPassages, type VectorIndex } from './vector-index.js';

/** Below this many passages exact search is fast enough that an approximate index is not built. */
export const ANN_MIN_PASSAGES = 50_000;

function approximateIndex(
  index: VectorIndex,
  lists: number,
  cache: { dir: string; key: string } | undefined,
): IvfIndex {
  const cached = cache && readCachedIvf(cache.dir, cache.key, lists, index.count, index.dimension);
  if (cached !== undefined) return cached;
  const built = buildIvfIndex(index, lists);
  if (cache !== undefined) writeCachedIvf(cache.dir, cache.key, built);
  return built;
}

/**
 * `dense:<model>` with `--corpus <corpus.jsonl>`: sentence embeddings from a local or hub
 * feature-extraction model, cosine top-k. The corpus embeddings are cached on disk, keyed by the
 * model and the corpus content, so a second run does not embed the corpus again. From
 * {@link ANN_MIN_PASSAGES} passages on (or with `?lists=N`) the search is approximate, through an
 * IVF index cached beside the embeddings; `?exact` always scores every passage.
 */
export const createDenseRetriever: RetrieverFactory = async (argument, options) => {
  const { model, exact, lists, probes } = parseDenseArgument(argument);
  if (options.corpus === undefined) {
    throw new UsageError(`--retriever dense:${argument} needs --corpus <corpus.jsonl>`);
  }
  const corpus = await loadCorpus(options.corpus);
  const embedder = await loadEmbedder(model, {
    offline: options.offline ?? false,
    ...(options.modelCacheDir === undefined ? {} : { modelCacheDir: options.modelCacheDir }),
  });
  const key = indexKey(embedder.fingerprint, readFileSync(options.corpus));
  let index = options.cacheDir === undefined ? undefined : readCachedIndex(options.cacheDir, key);
  if (index === undefined) {
    const folder = options.cacheDir === undefined ? undefined : join(options.cacheDir, 'dense-index');
    const texts = corpus.map((passage) => `${passage.title ?? ''} ${passage.text}`.trim());
    const progress = options.onProgress;
    index = await embedCorpus(
      embedder,
      texts,
      folder === undefined ? undefined : { folder, key },
      progress === undefined ? undefined : (done, total) => progress('embed', done, total),
    );
    if (options.cacheDir !== undefined && folder !== undefined) {
      writeCachedIndex(options.cacheDir, key, index, model);
      removePartial(folder, key);
    }
  }
  const built = index;
  const useIvf = !exact && (lists !== undefined || built.count >= ANN_MIN_PASSAGES);
  const listCount = lists ?? defaultListCount(built.count);
  const ivf = useIvf
    ? approximateIndex(
        built,
        listCount,
        options.cacheDir === undefined ? undefined : { dir: options.cacheDir, key },
      )
    : undefined;
  const probeCount =
    probes ?? defaultProbeCount(ivf === undefined ? 1 : ivf.listStarts.length - 1, built.count);
  const retriever: CorpusRetriever = {
    id: `dense:${argument}`,
    corpusFile: options.corpus,
    indexKey: key,
    modelFingerprint: embedder.fingerprint,
    async retrieve(query, topK) {
      const [vector] = await embedder.embed([query.question]);
      const unit = normalizeInPlace(Float32Array.from(vector as Float32Array));
      const rows =
        ivf === undefined
          ? searchVectorIndex(built, unit, topK)
          : searchIvfIndex(ivf, built, unit, topK, probeCount);
      return topPassages(corpus, rows);
    },
    close: () => embedder.dispose(),
  };
  return retriever;
};
