import { join } from 'node:path';
import type { Command } from 'commander';
import { DEMO_GENERATORS, type DemoResult, runDemo } from '../../engine/demo.js';
import { renderJson } from '../../report/json.js';
import { renderSummary } from '../../report/table.js';
import { chalkFor, FORMAT_HELP, STDOUT_FORMATS, stdoutFormat } from '../io.js';
import { writeOutput } from '../output-file.js';
import { integerIn, oneOf } from '../parse.js';
import { ProgressBar } from '../progress.js';
import type { CommandContext } from './context.js';

function share(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
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
    `and kept its memorised answer in ${share(seen.kept, seen.applicable)} of corrupted passages about facts it had seen: ` +
    `it would look as accurate on this retriever while ignoring what the retriever fetched.` +
    brittleness(coupled)
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

export function registerDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('run the full probe suite against two bundled calibration models, offline, side by side')
    .option('--seed <n>', 'seed for every random choice and the bootstrap', integerIn(0), 0)
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option('--out-dir <dir>', 'also write each JSON report (coupled.json, decoupled.json) here')
    .action(async (flags: { seed: number; format?: 'table' | 'json'; outDir?: string }) => {
      const { io } = context;
      const progress = new ProgressBar(io.progress, io.stderrIsTTY);
      const result = await runDemo({
        root: context.packageRoot,
        seed: flags.seed,
        version: context.version,
        signal: context.signal,
        onProgress:
          (name) =>
          ({ phase, done, total }) =>
            progress.update(`${name} ${phase}`, done, total),
      }).finally(() => progress.clear());
      if (flags.outDir !== undefined) {
        for (const name of DEMO_GENERATORS)
          writeOutput(io, '--out-dir', join(flags.outDir, `${name}.json`), renderJson(result.reports[name]));
      }
      const format = stdoutFormat(flags.format, io);
      if (format === 'json') {
        io.stdout.write(
          `${JSON.stringify({ ...result.reports, seenCorrupt: result.seenCorrupt }, null, 2)}\n`,
        );
        return;
      }
      const chalk = chalkFor(io, 'stdout');
      const { coupled } = result.reports;
      io.stdout.write(
        [
          `${chalk.bold('ragseam demo')}: ${coupled.summary.questions} questions about a fictional world, BM25 top-${coupled.settings.topK}, full probe suite`,
          renderSummary(
            DEMO_GENERATORS.map((name) => ({ label: name, report: result.reports[name] })),
            chalk,
          ),
          demoVerdict(result),
          chalk.dim('Models and data: fixtures/train/README.md; what each number means: docs/metrics.md.'),
          '',
        ].join('\n'),
      );
    });
}
