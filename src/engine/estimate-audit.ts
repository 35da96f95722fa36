import type { AuditOptions } from '../config/audit-options.js';
import { functionGeneratorId } from '../generators/function.js';
import { DEFAULT_PROMPT_TEMPLATE } from '../generators/prompt-template.js';
import { GENERATORS } from '../generators/registry.js';
import type { DryRunEstimate } from '../model/dry-run.js';
import { lookupKind } from '../providers/spec.js';
import { isRemoteRetriever, type Retriever } from '../retrievers/types.js';
import { matcherFor, retrieverFor, suiteProbes } from './audit.js';
import { estimateRun } from './dry-run.js';
import { withInferredGold } from './gold-evidence.js';
import { storeItems } from './item-store.js';
import { journaledForDryRun, matcherKey } from './resume-journal.js';
import { shardIds } from './shard.js';

/** Generator kinds that wrap the question and passages in a prompt template. */
const TEMPLATED_KINDS = new Set(['openai', 'http', 'transformers']);

/**
 * Whether the run would make scoring calls (teacher-forced effect sizes), told from the
 * generator's spec since the dry run starts no generator: `transformers:` by default, and `exec:`
 * and `openai:` with `"api": "completions"` when `--effect-sizes` asks. Other generators score
 * from their answers' own log-probabilities, with no call.
 */
function makesScoringCalls(options: AuditOptions): boolean {
  const { generator, generatorOptions } = options.providers;
  if (typeof generator !== 'string') return false;
  const kind = generator.slice(0, generator.indexOf(':'));
  const asked = options.settings.effectSizes;
  if (kind === 'transformers') return asked ?? true;
  return (
    asked === true &&
    (kind === 'exec' || (kind === 'openai' && generatorOptions.openai?.api === 'completions'))
  );
}

/** The prompt template's own characters (placeholders left out): the file's, else the default. */
function templateChars(options: AuditOptions): number {
  const { generator, generatorOptions } = options.providers;
  const kind = typeof generator === 'string' ? generator.slice(0, generator.indexOf(':')) : 'function';
  const template =
    (generatorOptions.template ?? (TEMPLATED_KINDS.has(kind) ? DEFAULT_PROMPT_TEMPLATE : '')) +
    (generatorOptions.system ?? '');
  return template.replace(/\{\{\s*[a-z_]+\s*\}\}/g, '').length;
}

/** `probe --dry-run`: the estimate for the run `options` describe; no generator is started. */
export async function estimateAudit(
  options: AuditOptions,
): Promise<DryRunEstimate & { generator: string; retriever: string }> {
  const { generator } = options.providers;
  // The generator is never started, but its kind must exist.
  if (typeof generator === 'string')
    lookupKind(GENERATORS, generator, '--generator', 'exec:"python3 reader.py"');
  const generatorId = typeof generator === 'string' ? generator : functionGeneratorId(generator);
  const items = await storeItems(options.source, options.environment);
  let matcher: Awaited<ReturnType<typeof matcherFor>> | undefined;
  let retriever: Retriever | undefined;
  try {
    matcher = await matcherFor(options);
    retriever = await retrieverFor(options);
    const { shard } = options.source;
    const inferred = await withInferredGold(items, retriever, options.environment.cacheDir);
    const journaled = journaledForDryRun(options, { items: inferred, retriever, match: matcherKey(matcher) });
    const estimate = await estimateRun(
      inferred,
      {
        topK: options.settings.topK,
        probes: suiteProbes(options.settings),
        seed: options.settings.seed,
        attribution: options.settings.attribution,
      },
      isRemoteRetriever(retriever) ? undefined : retriever,
      matcher,
      options.environment.signal,
      shard === undefined ? undefined : shardIds(items, shard),
      templateChars(options),
    );
    return {
      ...estimate,
      ...(makesScoringCalls(options) ? { scoringCalls: estimate.calls } : {}),
      ...(journaled === undefined ? {} : { journaled }),
      generator: generatorId,
      retriever: retriever.id,
    };
  } finally {
    items.close();
    await Promise.allSettled([retriever?.close?.(), matcher?.close?.()]);
  }
}
