import type { Command } from 'commander';
import { InputError, UsageError } from '../../model/errors.js';
import { SCALAR_METRICS, type ScalarMetric } from '../../model/gates.js';
import { renderComparison } from '../../report/compare-text.js';
import { renderComparisonMarkdown } from '../../report/markdown.js';
import { compareReports } from '../../verdicts/compare.js';
import { readReport } from '../../verdicts/read-report.js';
import { chalkFor, FORMAT_HELP, STDOUT_FORMATS, stdoutFormat } from '../io.js';
import { isStdoutPath, refuseInputAsOutput, writeOutput } from '../output-file.js';
import { integerIn, numberIn, oneOf } from '../parse.js';
import type { CommandContext } from './context.js';

interface CompareFlags {
  failOnRegression?: boolean;
  alpha: number;
  minDrop: number;
  metrics: string;
  resamples: number;
  seed: number;
  format?: 'table' | 'json';
  out?: string;
  markdown?: string;
}

/** Parses `--metrics reliance,adoption` into scalar metric names. */
export function parseMetricList(list: string): ScalarMetric[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--metrics needs at least one metric');
  for (const name of names) {
    if (!(SCALAR_METRICS as readonly string[]).includes(name)) {
      throw new UsageError(`--metrics: unknown metric "${name}"`, {
        hint: `metrics: ${SCALAR_METRICS.join(', ')}`,
      });
    }
  }
  return SCALAR_METRICS.filter((metric) => names.includes(metric));
}

export function registerCompare(program: Command, context: CommandContext): void {
  program
    .command('compare')
    .description('compare two reports question by question: paired bootstrap per metric, McNemar per probe')
    .argument('<baseline>', 'JSON report of the reference run (e.g. main)')
    .argument('<current>', 'JSON report of the run to check')
    .option('--fail-on-regression', 'exit 1 when a checked metric got significantly worse')
    .option(
      '--alpha <level>',
      'significance level (two-sided); intervals are at 1 - alpha',
      numberIn(0.0001, 0.5),
      0.05,
    )
    .option(
      '--min-drop <delta>',
      'a regression must also be worse than this, in the metric’s units',
      numberIn(0, 1),
      0,
    )
    .option(
      '--metrics <list>',
      `metrics --fail-on-regression checks (${SCALAR_METRICS.join(', ')})`,
      'reliance,adoption,instability',
    )
    .option('--resamples <n>', 'bootstrap resamples', integerIn(100, 1_000_000), 2000)
    .option('--seed <n>', 'bootstrap seed', integerIn(0), 0)
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option('-o, --out <file>', 'write the comparison as JSON to this file (- for stdout)')
    .option(
      '--markdown <file>',
      'write the comparison as Markdown (for $GITHUB_STEP_SUMMARY or a PR comment)',
    )
    .action((baselineFile: string, currentFile: string, flags: CompareFlags) => {
      refuseInputAsOutput(
        { '--out': flags.out, '--markdown': flags.markdown },
        { baseline: baselineFile, 'current report': currentFile },
      );
      const { io } = context;
      const comparison = compareReports(
        { file: baselineFile, report: readReport(baselineFile) },
        { file: currentFile, report: readReport(currentFile) },
        {
          alpha: flags.alpha,
          minDrop: flags.minDrop,
          metrics: parseMetricList(flags.metrics),
          resamples: flags.resamples,
          seed: flags.seed,
        },
      );
      if (comparison.shared === 0) {
        throw new InputError(`${baselineFile} and ${currentFile} share no question ids`, {
          hint: 'compare two runs over the same dataset; ids are matched exactly',
        });
      }
      const json = `${JSON.stringify(comparison, null, 2)}\n`;
      const format = stdoutFormat(flags.format, flags.out);
      if (flags.out !== undefined && !(isStdoutPath(flags.out) && format === 'json'))
        writeOutput(io, '--out', flags.out, json);
      if (flags.markdown !== undefined)
        writeOutput(io, '--markdown', flags.markdown, renderComparisonMarkdown(comparison), true);
      io.stdout.write(format === 'json' ? json : renderComparison(comparison, chalkFor(io, 'stdout')));
      const failing = flags.failOnRegression === true && comparison.regression;
      const regressed = comparison.metrics
        .filter((metric) => metric.regression)
        .map((metric) => metric.metric);
      io.stderr.write(
        `ragseam: exit ${failing ? 1 : 0}: ${
          comparison.regression
            ? `significant regression in ${regressed.join(', ')}${failing ? '' : ' (not failing: --fail-on-regression not given)'}`
            : 'no significant regression'
        }\n`,
      );
      context.setExitCode(failing ? 1 : 0);
    });
}
