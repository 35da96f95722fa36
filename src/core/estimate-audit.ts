import { GENERATORS } from '../generators/registry.js';
import { isRemoteRetriever, type Retriever } from '../retrievers/types.js';
import { type AuditOptions, createMatcherFor, createRetrieverFor } from './audit.js';
import { loadDataset } from './dataset.js';
import { type DryRunEstimate, estimateRun } from './dry-run.js';
import { withInferredGold } from './gold-evidence.js';
import { shardIds } from './shard.js';
import { lookupKind } from './spec.js';

/** `probe --dry-run`: the estimate for the run `options` describe; no generator is started. */
export async function estimateAudit(
  options: AuditOptions,
): Promise<DryRunEstimate & { generator: string; retriever: string }> {
  // The generator is never started, but its kind must exist.
  lookupKind(GENERATORS, options.generator, '--generator', 'exec:"python3 reader.py"');
  const items = options.items ?? (await loadDataset(options.dataset, options.inputFormat));
  const matcher = await createMatcherFor(options);
  let retriever: Retriever | undefined;
  try {
    retriever = await createRetrieverFor(options);
    const probed = options.shard === undefined ? undefined : shardIds(items, options.shard);
    const estimate = await estimateRun(
      withInferredGold(items, retriever),
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
