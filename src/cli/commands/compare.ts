import type { Command } from 'commander';
import { SCALAR_METRICS } from '../../model/gates.js';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { integerIn, numberIn, oneOf } from '../parse.js';
import type { CommandContext } from './context.js';
import type { CompareFlags } from './run-compare.js';

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
    // The statistics and reporters load only when the command runs, not for --help.
    .action(async (baselineFile: string, currentFile: string, flags: CompareFlags) => {
      const { runCompare } = await import('./run-compare.js');
      runCompare(baselineFile, currentFile, flags, context);
    });
}
