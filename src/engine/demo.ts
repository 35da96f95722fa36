import { join } from 'node:path';
import type { AuditInput, ProgressListener } from '../config/audit-options.js';
import { resolveAuditOptions } from '../config/resolve-options.js';
import { loadDataset } from '../dataset/load-dataset.js';
import type { Report } from '../model/report.js';
import { runAudit } from './audit.js';

/** The two calibration generators the demo compares, in the order shown. */
export const DEMO_GENERATORS = ['coupled', 'decoupled'] as const;
export type DemoGenerator = (typeof DEMO_GENERATORS)[number];

/** Where the demo's bundled files live, relative to the package root. */
export const DEMO_FILES = {
  dataset: 'fixtures/world/demo.jsonl',
  corpus: 'fixtures/world/corpus.jsonl',
  models: 'fixtures/models',
} as const;

export const DEMO_TOP_K = 3;

/** Corrupt outcomes on the questions whose facts the generators saw in training. */
export interface SeenCorrupt {
  readonly applicable: number;
  readonly kept: number;
  readonly adopted: number;
}

export interface DemoResult {
  readonly reports: Readonly<Record<DemoGenerator, Report>>;
  readonly seenCorrupt: Readonly<Record<DemoGenerator, SeenCorrupt>>;
}

/** Corrupt outcomes over questions whose `meta.split` is "seen". */
export function seenCorruptOutcomes(report: Report): SeenCorrupt {
  const probes = report.questions
    .filter((question) => question.meta?.split === 'seen')
    .flatMap((question) =>
      question.probes.filter((p) => p.probe === 'corrupt' && p.applicable && p.error === undefined),
    );
  return {
    applicable: probes.length,
    kept: probes.filter((p) => p.outcome === 'kept').length,
    adopted: probes.filter((p) => p.outcome === 'adopted').length,
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
}): AuditInput {
  return {
    dataset: join(options.root, DEMO_FILES.dataset),
    generator: `transformers:${join(options.root, DEMO_FILES.models, options.generator)}`,
    retriever: `bm25:${join(options.root, DEMO_FILES.corpus)}`,
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
 * The demo: the full probe suite on the fictional world's questions, BM25 top-3 retrieval from
 * its corpus, against both bundled calibration generators. No network, no download, no disk
 * cache; deterministic for a seed.
 */
export async function runDemo(options: {
  root: string;
  seed: number;
  version: string;
  signal: AbortSignal;
  onProgress?: (generator: DemoGenerator) => ProgressListener | undefined;
}): Promise<DemoResult> {
  const items = await loadDataset(join(options.root, DEMO_FILES.dataset));
  const reports = {} as Record<DemoGenerator, Report>;
  for (const name of DEMO_GENERATORS) {
    const onProgress = options.onProgress?.(name);
    const resolved = resolveAuditOptions({
      flags: {
        ...demoAuditInput({ ...options, generator: name }),
        dataset: DEMO_FILES.dataset,
        ...(onProgress === undefined ? {} : { onProgress }),
      },
    });
    reports[name] = await runAudit(resolved, items);
  }
  return {
    reports,
    seenCorrupt: {
      coupled: seenCorruptOutcomes(reports.coupled),
      decoupled: seenCorruptOutcomes(reports.decoupled),
    },
  };
}
