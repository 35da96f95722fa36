import { join } from 'node:path';
import type { AuditInput, ProgressListener } from '../config/audit-options.js';
import { resolveAuditOptions } from '../config/resolve-options.js';
import { loadDataset } from '../dataset/load-dataset.js';
import type { Report } from '../model/report.js';
import { runAudit } from './audit.js';

/** The two calibration generators the demo compares. */
export const DEMO_GENERATORS = ['coupled', 'decoupled'] as const;
export type DemoGenerator = (typeof DEMO_GENERATORS)[number];

/**
 * How the demo retrieves: BM25 top-3 from the world's corpus, or the misaligned retriever's top-3
 * (BM25 reranked by a popularity prior; fixtures/train/misaligned.py), precomputed in its dataset.
 */
export type DemoRetrieval = 'bm25' | 'misaligned';

/** The demo's configurations, in the order shown: a generator behind a retriever. */
export const DEMO_CONFIGS = {
  coupled: { generator: 'coupled', retrieval: 'bm25' },
  decoupled: { generator: 'decoupled', retrieval: 'bm25' },
  misaligned: { generator: 'coupled', retrieval: 'misaligned' },
} as const satisfies Record<string, { generator: DemoGenerator; retrieval: DemoRetrieval }>;
export type DemoConfig = keyof typeof DEMO_CONFIGS;
export const DEMO_CONFIG_NAMES = Object.keys(DEMO_CONFIGS) as DemoConfig[];

/** Where the demo's bundled files live, relative to the package root. */
export const DEMO_FILES = {
  dataset: 'fixtures/world/demo.jsonl',
  misaligned: 'fixtures/world/demo-misaligned.jsonl',
  corpus: 'fixtures/world/corpus.jsonl',
  models: 'fixtures/models',
} as const;

export const DEMO_TOP_K = 3;

/** Corrupt outcomes on the questions whose facts the generators saw in training. */
export interface SeenCorrupt {
  readonly applicable: number;
  readonly kept: number;
  readonly adopted: number;
  /** Mean fall of P(a0) under those corrupt probes (effect sizes); null when none was scored. */
  readonly meanProbabilityDrop: number | null;
}

export interface DemoResult {
  readonly reports: Readonly<Record<DemoConfig, Report>>;
  readonly seenCorrupt: Readonly<Record<DemoGenerator, SeenCorrupt>>;
}

/** Corrupt outcomes over questions whose `meta.split` is "seen". */
export function seenCorruptOutcomes(report: Report): SeenCorrupt {
  const probes = report.questions
    .filter((question) => question.meta?.split === 'seen')
    .flatMap((question) =>
      question.probes.filter((p) => p.probe === 'corrupt' && p.applicable && p.error === undefined),
    );
  const drops = probes.flatMap((p) => (p.probabilityDrop === undefined ? [] : [p.probabilityDrop]));
  return {
    applicable: probes.length,
    kept: probes.filter((p) => p.outcome === 'kept').length,
    adopted: probes.filter((p) => p.outcome === 'adopted').length,
    meanProbabilityDrop: drops.length === 0 ? null : drops.reduce((sum, d) => sum + d, 0) / drops.length,
  };
}

/**
 * The audit of one bundled calibration model on the demo questions (the demo's settings); the
 * batching benchmark runs the same audit with other batch sizes.
 */
export function demoAuditInput(options: {
  root: string;
  generator: DemoGenerator;
  seed: number;
  version: string;
  signal: AbortSignal;
  /** Default bm25. */
  retrieval?: DemoRetrieval;
}): AuditInput {
  const misaligned = options.retrieval === 'misaligned';
  return {
    dataset: join(options.root, misaligned ? DEMO_FILES.misaligned : DEMO_FILES.dataset),
    generator: `transformers:${join(options.root, DEMO_FILES.models, options.generator)}`,
    retriever: misaligned ? 'dataset' : `bm25:${join(options.root, DEMO_FILES.corpus)}`,
    topK: DEMO_TOP_K,
    seed: options.seed,
    concurrency: 1,
    retries: 0,
    backoffMs: 0,
    timeoutMs: 600_000,
    cache: false,
    version: options.version,
    signal: options.signal,
    offline: true,
  };
}

/**
 * The demo: the full probe suite on the fictional world's questions against both bundled
 * calibration generators behind BM25 top-3 from its corpus, and the coupled one behind the
 * misaligned retriever. No network, no download, no disk cache; deterministic for a seed.
 */
export async function runDemo(options: {
  root: string;
  seed: number;
  version: string;
  signal: AbortSignal;
  onProgress?: (config: DemoConfig) => ProgressListener | undefined;
}): Promise<DemoResult> {
  const reports = {} as Record<DemoConfig, Report>;
  for (const name of DEMO_CONFIG_NAMES) {
    const { generator, retrieval } = DEMO_CONFIGS[name];
    const dataset = retrieval === 'misaligned' ? DEMO_FILES.misaligned : DEMO_FILES.dataset;
    const onProgress = options.onProgress?.(name);
    const resolved = resolveAuditOptions({
      flags: {
        ...demoAuditInput({ ...options, generator, retrieval }),
        dataset,
        ...(onProgress === undefined ? {} : { onProgress }),
      },
    });
    reports[name] = await runAudit(resolved, await loadDataset(join(options.root, dataset)));
  }
  return {
    reports,
    seenCorrupt: {
      coupled: seenCorruptOutcomes(reports.coupled),
      decoupled: seenCorruptOutcomes(reports.decoupled),
    },
  };
}
