import { InputError, UsageError } from '../../model/errors.js';
import { SCALAR_METRICS, type ScalarMetric } from '../../model/gates.js';
import { renderComparison } from '../../report/compare-text.js';
import { renderComparisonMarkdown } from '../../report/markdown.js';
import { type ComparedRun, comparedQuestion, compareRuns } from '../../verdicts/compare.js';
import { readReportQuestions } from '../../verdicts/read-report.js';
import { chalkFor, stdoutFormat } from '../io.js';
import { refuseInputAsOutput, writeOutput } from '../output-file.js';
import { isStdoutPath } from '../stdout-path.js';
import type { CommandContext } from './context.js';

/** The flags of `compare`. */
export interface CompareFlags {
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

/** A report read a question at a time, keeping of each question only what the comparison reads. */
function comparedRun(file: string): ComparedRun {
  const { report, questions } = readReportQuestions(file, comparedQuestion);
  return { file, settings: report.settings, questions };
}

/** `ragseam compare`: compares two reports, writes what the flags ask for, sets the exit code. */
export function runCompare(
  baselineFile: string,
  currentFile: string,
  flags: CompareFlags,
  context: CommandContext,
): void {
  refuseInputAsOutput(
    { '--out': flags.out, '--markdown': flags.markdown },
    { baseline: baselineFile, 'current report': currentFile },
  );
  const { io } = context;
  const comparison = compareRuns(comparedRun(baselineFile), comparedRun(currentFile), {
    alpha: flags.alpha,
    minDrop: flags.minDrop,
    metrics: parseMetricList(flags.metrics),
    resamples: flags.resamples,
    seed: flags.seed,
  });
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
  const regressed = comparison.metrics.filter((metric) => metric.regression).map((metric) => metric.metric);
  io.stderr.write(
    `ragseam: exit ${failing ? 1 : 0}: ${
      comparison.regression
        ? `significant regression in ${regressed.join(', ')}${failing ? '' : ' (not failing: --fail-on-regression not given)'}`
        : 'no significant regression'
    }\n`,
  );
  context.setExitCode(failing ? 1 : 0);
}
