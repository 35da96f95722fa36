import { GENERATORS } from '../generators/registry.js';
import { createRetriever } from '../retrievers/registry.js';
import { isRemoteRetriever, type Retriever } from '../retrievers/types.js';
import { type AuditOptions, createMatcher } from './audit.js';
import { loadDataset } from './dataset.js';
import { type DryRunEstimate, estimateRun } from './dry-run.js';
import { UsageError } from './errors.js';
import { shardIds } from './shard.js';
import { splitSpec } from './spec.js';

/** `probe --dry-run`: the estimate for the run `options` describe; no generator is started. */
export async function estimateAudit(
  options: AuditOptions,
): Promise<DryRunEstimate & { generator: string; retriever: string }> {
  const { kind } = splitSpec(options.generator);
  if (!Object.hasOwn(GENERATORS, kind)) {
    throw new UsageError(`unknown generator kind "${kind}" in --generator ${options.generator}`, {
      hint: `valid kinds: ${Object.keys(GENERATORS).join(', ')}`,
    });
  }
  const items = options.items ?? (await loadDataset(options.dataset, options.inputFormat));
  const matcher = await createMatcher(options.match, {
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.semanticThreshold === undefined ? {} : { semanticThreshold: options.semanticThreshold }),
  });
  let retriever: Retriever | undefined;
  try {
    retriever = await createRetriever(options.retriever, {
      ...options.retrieverOptions,
      timeoutMs: options.timeoutMs,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.corpus === undefined ? {} : { corpus: options.corpus }),
      ...(options.offline === undefined ? {} : { offline: options.offline }),
    });
    const probed = options.shard === undefined ? undefined : shardIds(items, options.shard);
    const estimate = await estimateRun(
      items,
      { topK: options.topK, probes: options.probes, seed: options.seed },
      isRemoteRetriever(retriever) ? undefined : retriever,
      matcher,
      options.signal,
      probed,
    );
    return { ...estimate, generator: options.generator, retriever: retriever.id };
  } finally {
    await Promise.allSettled([retriever?.close?.(), matcher.close?.()]);
  }
}
