import { join } from 'node:path';
import { DEMO_CONFIG_NAMES, type DemoConfig, type DemoResult, runDemo } from '../../engine/demo.js';
import { renderJson } from '../../report/json.js';
import { renderSummary } from '../../report/table.js';
import { chalkFor, progressFor, stdoutFormat } from '../io.js';
import { writeOutput } from '../output-file.js';
import type { CommandContext } from './context.js';

/** Column labels of the demo table. */
const DEMO_LABELS: Record<DemoConfig, string> = {
  coupled: 'coupled',
  decoupled: 'decoupled',
  misaligned: 'coupled+misaligned',
};

function share(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}

/** How far P(a0) fell under corrupt on seen facts, when the run scored it. */
function probabilityNote(result: DemoResult): string {
  const { coupled, decoupled } = result.seenCorrupt;
  if (coupled.meanProbabilityDrop === null || decoupled.meanProbabilityDrop === null) return '';
  return ` (its probability of that answer fell by ${decoupled.meanProbabilityDrop.toFixed(3)} on average there, the coupled one's by ${coupled.meanProbabilityDrop.toFixed(3)})`;
}

/** The sentence under the table: what the difference between the two columns means. */
export function demoVerdict(result: DemoResult): string {
  const { coupled, decoupled } = result.reports;
  const value = (x: number | null) => (x === null ? '–' : x.toFixed(2));
  const seen = result.seenCorrupt.decoupled;
  return (
    `The coupled generator, trained on what its retriever returns, changes its answer when the evidence changes ` +
    `(reliance ${value(coupled.summary.reliance.value)}, adoption ${value(coupled.summary.adoption.value)}); ` +
    `the decoupled one, trained closed-book on gold passages, mostly answers from memory ` +
    `(reliance ${value(decoupled.summary.reliance.value)}, adoption ${value(decoupled.summary.adoption.value)}) ` +
    `and kept its memorised answer in ${share(seen.kept, seen.applicable)} of corrupted passages about facts it had seen` +
    probabilityNote(result) +
    ': ' +
    `it would look as accurate on this retriever while ignoring what the retriever fetched.` +
    brittleness(coupled)
  );
}

function sides(report: DemoResult['reports']['coupled']): {
  retriever: number;
  generator: number;
  wrong: number;
} {
  const { counts, wrong } = report.summary.seam;
  return {
    retriever: counts['retriever-miss'] + counts['misled-by-passage'],
    generator: counts['generator-ignored'] + counts['fails-with-gold'],
    wrong,
  };
}

/** The sentence on the seam: where the blame for wrong answers moves between configurations. */
export function seamVerdict(result: DemoResult): string {
  const { coupled, decoupled, misaligned } = result.reports;
  const value = (x: number | null) => (x === null ? '–' : x.toFixed(2));
  const m = sides(misaligned);
  const d = sides(decoupled);
  const c = misaligned.summary.seam.counts;
  return (
    `Behind a retriever built to a proxy objective (BM25 reranked by popularity), the same coupled generator gets ${m.wrong} of ${misaligned.summary.questions} wrong and ` +
    `${m.retriever} of them are retriever-side (misled-by-passage ${c['misled-by-passage']}, retriever-miss ${c['retriever-miss']}); ` +
    `the retriever's ranking agrees less with what the generator can use (ndcg ${value(misaligned.summary.alignment.ndcg.value)} against ${value(coupled.summary.alignment.ndcg.value)} for BM25). ` +
    `Behind BM25, ${d.generator} of the decoupled generator's ${d.wrong} wrong answers are generator-side: the evidence was there.`
  );
}

/** A second sentence when the coupled generator is itself unstable: what its ranks show. */
function brittleness(report: DemoResult['reports']['coupled']): string {
  const shuffle = report.summary.probes.shuffle;
  if (shuffle === undefined || shuffle.applicable === 0 || shuffle.changed / shuffle.applicable < 0.1)
    return '';
  const ranks = report.summary.influenceByRank
    .map((value) => (value === null ? '–' : value.toFixed(2)))
    .join('/');
  return (
    ` The coupled one is not perfect either: it reads mostly its top-ranked passage (influence by rank ${ranks}), ` +
    `so reordering the passages changed ${share(shuffle.changed, shuffle.applicable)} of its answers (diagnosed brittle).`
  );
}

/** The flags of `demo`. */
export interface DemoFlags {
  seed: number;
  format?: 'table' | 'json';
  outDir?: string;
}

/** `ragseam demo`: runs the three configurations and prints them side by side. */
export async function runDemoCommand(flags: DemoFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  const progress = progressFor(io);
  const result = await runDemo({
    root: context.packageRoot,
    seed: flags.seed,
    version: context.version,
    signal: context.signal,
    onProgress: (name) => (update) => progress.update({ ...update, phase: `${name} ${update.phase}` }),
  }).finally(() => progress.clear());
  if (flags.outDir !== undefined) {
    for (const name of DEMO_CONFIG_NAMES)
      writeOutput(io, '--out-dir', join(flags.outDir, `${name}.json`), renderJson(result.reports[name]));
  }
  const format = stdoutFormat(flags.format);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ ...result.reports, seenCorrupt: result.seenCorrupt }, null, 2)}\n`);
    return;
  }
  const chalk = chalkFor(io, 'stdout');
  const { coupled } = result.reports;
  io.stdout.write(
    [
      `${chalk.bold('ragseam demo')}: ${coupled.summary.questions} questions about a fictional world, top-${coupled.settings.topK} from BM25 (the third column: from a misaligned retriever), full probe suite`,
      renderSummary(
        DEMO_CONFIG_NAMES.map((name) => ({ label: DEMO_LABELS[name], report: result.reports[name] })),
        chalk,
      ),
      demoVerdict(result),
      seamVerdict(result),
      chalk.dim('Models and data: fixtures/train/README.md; what each number means: docs/metrics.md.'),
      '',
    ].join('\n'),
  );
}
