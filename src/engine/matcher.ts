import type { MatchSpec } from '../config/match-spec.js';
import { MATCH_SPEC_EXPECTED } from '../config/match-spec.js';
import { lexicalMatcher, type Matcher } from '../metrics/matcher.js';
import { semanticMatcher } from '../metrics/semantic.js';
import { UsageError } from '../model/errors.js';

/** Builds the matcher a parsed `--match` value names: contains, exact, or semantic:<model>. */
export async function createMatcher(
  spec: MatchSpec | undefined,
  options: { readonly semanticThreshold: number },
  models: { readonly offline?: boolean | undefined; readonly modelCacheDir?: string | undefined },
): Promise<Matcher> {
  if (spec === undefined) throw new UsageError(`--match: ${MATCH_SPEC_EXPECTED}`);
  if (spec.kind !== 'semantic') return lexicalMatcher(spec.kind);
  // The embedding backend loads only for a semantic matcher.
  const { loadEmbedder } = await import('../backends/embedder.js');
  const embedder = await loadEmbedder(spec.model, {
    offline: models.offline ?? false,
    ...(models.modelCacheDir === undefined ? {} : { modelCacheDir: models.modelCacheDir }),
  });
  return semanticMatcher({
    id: `semantic:${spec.model}`,
    modelFingerprint: embedder.fingerprint,
    threshold: options.semanticThreshold,
    embed: (texts) => embedder.embed(texts),
    close: () => embedder.dispose(),
  });
}
