import type { Command } from 'commander';
import { type AuditOptions, runAudit } from '../../core/audit.js';
import { compareReports } from '../../core/compare.js';
import type { EarlyStopOptions } from '../../core/early-stop.js';
import { ProviderError, UsageError } from '../../core/errors.js';
import { estimateAudit } from '../../core/estimate-audit.js';
import { GATE_BASES, type Gate, type GateBasis, parseGates } from '../../core/gates.js';
import type { Report } from '../../core/report.js';
import type { MatchMode } from '../../metrics/match.js';
import { isProbeName, PROBES } from '../../probes/registry.js';
import { PROBE_NAMES, type Probe } from '../../probes/types.js';
import { renderDryRun } from '../../report/dry-run-text.js';
import { renderHtml } from '../../report/html.js';
import { renderJson } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderTable } from '../../report/table.js';
import { resolveCacheDir } from '../cache-dir.js';
import { type CliIO, chalkFor, writeFileAtomic } from '../io.js';
import {
  addLocalModelFlags,
  type LocalModelFlags,
  localModelOptions,
  matchSpec,
} from '../local-model-flags.js';
import { integerIn, numberIn, oneOf } from '../parse.js';
import { addProviderFlags, resolveProbe } from '../probe-settings.js';
import { ProgressBar } from '../progress.js';
import type { CommandContext } from './context.js';
import { readReport } from './explain.js';

interface ProbeFlags {
  generator: string;
  retriever: string;
  topK: number;
  probes: string;
  seed: number;
  concurrency: number;
  out?: string;
  format?: 'table' | 'json';
  failUnder?: string;
  max?: string | undefined;
  gateOn: GateBasis;
  earlyStop?: boolean | undefined;
  earlyStopAlpha: number;
  earlyStopBatch?: number | undefined;
  dryRun?: boolean | undefined;
  junit?: string | undefined;
  markdown?: string | undefined;
  html?: string | undefined;
  baseline?: string | undefined;
  cache: string | boolean;
  match: MatchMode;
  timeoutMs: number;
  retries: number;
  maxErrorRate: number;
  resamples: number;
  debug?: boolean;
}

/** Parses a comma-separated probe list into probes in canonical order. */
export function parseProbeList(list: string): Probe[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--probes needs at least one probe name');
  for (const name of names) {
    if (!isProbeName(name))
      throw new UsageError(`unknown probe "${name}"`, { hint: `probes: ${PROBE_NAMES.join(', ')}` });
  }
  return PROBE_NAMES.filter((name) => names.includes(name)).map((name) => PROBES[name]);
}

/** `--early-stop` settings from the flags; it needs a gate to decide. */
function earlyStopOptions(
  flags: { earlyStopAlpha: number; earlyStopBatch?: number | undefined },
  gates: readonly Gate[],
): EarlyStopOptions {
  if (gates.length === 0) {
    throw new UsageError('--early-stop needs a gate to decide', {
      hint: 'add --fail-under and/or --max, e.g. --fail-under reliance=0.7',
    });
  }
  return {
    alpha: flags.earlyStopAlpha,
    ...(flags.earlyStopBatch === undefined ? {} : { batchSize: flags.earlyStopBatch }),
  };
}

/** Where `probe` writes its reports; every one is written before any exit code is decided. */
export interface DeliveryFlags {
  out?: string | undefined;
  format?: 'table' | 'json' | undefined;
  maxErrorRate: number;
  junit?: string | undefined;
  markdown?: string | undefined;
  html?: string | undefined;
  /** A previous JSON report: the Markdown summary gets a delta table against it. */
  baseline?: string | undefined;
}

/** Writes the JUnit, Markdown and HTML reports the flags ask for. */
export function writeExtraReports(report: Report, flags: DeliveryFlags): void {
  if (flags.junit !== undefined) writeFileAtomic(flags.junit, renderJunit(report));
  if (flags.html !== undefined) writeFileAtomic(flags.html, renderHtml(report));
  if (flags.markdown !== undefined) {
    const comparison =
      flags.baseline === undefined
        ? undefined
        : compareReports(
            { file: flags.baseline, report: readReport(flags.baseline) },
            { file: 'this run', report },
            {
              alpha: 0.05,
              minDrop: 0,
              metrics: ['reliance', 'adoption', 'instability'],
              resamples: 2000,
              seed: report.settings.seed,
            },
          );
    writeFileAtomic(flags.markdown, renderMarkdown(report, comparison === undefined ? {} : { comparison }));
  }
}

/** Writes the report where the flags say, then checks the error share and the gates. */
export function deliverReport(report: Report, flags: DeliveryFlags, io: CliIO): number {
  if (flags.out !== undefined) writeFileAtomic(flags.out, renderJson(report));
  writeExtraReports(report, flags);
  const format = flags.format ?? (io.stdoutIsTTY ? 'table' : 'json');
  io.stdout.write(
    format === 'json' ? renderJson(report) : renderTable(report, { chalk: chalkFor(io, 'stdout') }),
  );
  const { calls, errors } = report.summary;
  if (calls > 0 && errors / calls > flags.maxErrorRate) {
    throw new ProviderError(
      `${errors} of ${calls} generator calls failed (more than ${flags.maxErrorRate * 100}%); the report was written but its scores are unreliable`,
      { hint: 'see the "error" fields in the report; run again to retry only the failed calls' },
    );
  }
  return report.gates.every((gate) => gate.passed) ? 0 : 1;
}

export function registerProbe(program: Command, context: CommandContext): void {
  const command = program
    .command('probe')
    .description('run the counterfactual probes on a dataset and report the context-reliance score')
    .argument('<dataset>', 'JSON Lines file (plain or .gz): {"id"?, "question", "answers"?, "passages"?}')
    .option(
      '-g, --generator <spec>',
      'generator to audit: exec:"python3 reader.py" | openai:<model> | http:<url> | transformers:<model>',
    )
    .option(
      '-r, --retriever <spec>',
      'where passages come from: dataset | bm25:<corpus.jsonl> | http:<url> | dense:<model> (with --corpus)',
      'dataset',
    )
    .option('-k, --top-k <n>', 'passages per question', integerIn(1, 1000), 5)
    .option('--probes <list>', 'comma-separated probes to run', PROBE_NAMES.join(','))
    .option('--seed <n>', 'seed for every random choice and the bootstrap', integerIn(0), 0)
    .option('--concurrency <n>', 'generator calls in flight at once', integerIn(1, 1024), 4)
    .option('-o, --out <file>', 'write the JSON report to this file')
    .option(
      '--format <format>',
      'stdout format: table | json (default: table on a terminal, else json)',
      oneOf(['table', 'json'] as const),
    )
    .option(
      '--fail-under <gates>',
      'exit 1 when reliance is below X, or per metric: reliance=0.7,adoption=0.5',
    )
    .option(
      '--max <gates>',
      'exit 1 when a metric is above its limit, e.g. instability=0.1,deadPassageRate=0.5',
    )
    .option(
      '--gate-on <basis>',
      'what gates check: point | lower-bound (the conservative end of the 95% CI)',
      oneOf(GATE_BASES),
      'point',
    )
    .option('--early-stop', 'probe questions in a seeded random order and stop once every gate is decided')
    .option(
      '--early-stop-alpha <a>',
      'chance the early decision differs from the full run’s (see docs/gates.md)',
      numberIn(0.0001, 0.5),
      0.05,
    )
    .option(
      '--early-stop-batch <n>',
      'questions added per look (default: max(2 x concurrency, 5% of the dataset))',
      integerIn(1),
    )
    .option(
      '--dry-run',
      'count the generator calls (and prompt tokens) the run would make, without making them',
    )
    .option('--junit <file>', 'also write JUnit XML: a test case per question and per gate')
    .option('--markdown <file>', 'also write a Markdown summary (for $GITHUB_STEP_SUMMARY or a PR comment)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--baseline <report>', 'a previous JSON report to compare with in the Markdown summary')
    .option('--cache <dir>', 'answer cache directory (default: $RAGSEAM_CACHE_DIR or the user cache dir)')
    .option('--no-cache', 'keep answers in memory only')
    .option('--match <mode>', 'answer matching: contains | exact | semantic:<model>', matchSpec, 'contains')
    .option('--timeout-ms <ms>', 'per-call timeout', integerIn(1), 60_000)
    .option('--retries <n>', 'retries of a failed call', integerIn(0, 20), 2)
    .option(
      '--max-error-rate <share>',
      'exit 3 when more than this share of calls failed',
      numberIn(0, 1),
      0.1,
    )
    .option('--resamples <n>', 'bootstrap resamples for the 95% intervals', integerIn(1, 1_000_000), 1000)
    .option(
      '--debug',
      "show the generator's diagnostics (an exec generator's stderr, a local model's batches) and stack traces",
    );
  addProviderFlags(command);
  addLocalModelFlags(command);
  command.action(async (dataset: string, cliFlags: ProbeFlags) => {
    const { io } = context;
    const resolved = resolveProbe(command, io, process.cwd());
    const flags = { ...cliFlags, ...resolved.settings };
    const local = localModelOptions(cliFlags as ProbeFlags & LocalModelFlags, io);
    const gates: Gate[] = [
      ...(flags.failUnder === undefined ? [] : parseGates(flags.failUnder, 'min', '--fail-under')),
      ...(flags.max === undefined ? [] : parseGates(flags.max, 'max', '--max')),
    ];
    const progress = new ProgressBar(io.stderr, io.stderrIsTTY);
    const audit: AuditOptions = {
      dataset,
      generator: flags.generator,
      retriever: flags.retriever,
      topK: flags.topK,
      probes: parseProbeList(flags.probes),
      seed: flags.seed,
      match: flags.match,
      resamples: flags.resamples,
      concurrency: flags.concurrency,
      retries: flags.retries,
      backoffMs: flags.backoffMs,
      timeoutMs: flags.timeoutMs,
      cacheDir: resolveCacheDir(flags.cache, io),
      gates,
      gateOn: flags.gateOn,
      ...(flags.earlyStop === true ? { earlyStop: earlyStopOptions(flags, gates) } : {}),
      version: context.version,
      signal: context.signal,
      ...resolved.audit,
      shard: resolved.shard,
      ...local,
      generatorOptions: {
        ...local.generatorOptions,
        ...resolved.audit.generatorOptions,
        ...(flags.debug === true
          ? { debugLog: (line: string) => io.stderr.write(`[generator] ${line}\n`) }
          : {}),
      },
      onProgress: ({ phase, done, total }) => progress.update(phase, done, total),
    };
    if (flags.dryRun === true) {
      const estimate = await estimateAudit(audit);
      const json = flags.format === 'json' || (flags.format === undefined && !io.stdoutIsTTY);
      io.stdout.write(
        json ? `${JSON.stringify(estimate, null, 2)}\n` : renderDryRun(estimate, chalkFor(io, 'stdout')),
      );
      return;
    }
    // A baseline that cannot be read fails now, not after the whole run.
    if (flags.baseline !== undefined) readReport(flags.baseline);
    const report = await runAudit(audit).finally(() => progress.clear());
    context.setExitCode(deliverReport(report, flags, io));
  });
}
