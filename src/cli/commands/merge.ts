import type { Command } from 'commander';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../../model/errors.js';
import { GATE_BASES, type GateBasis } from '../../model/gates.js';
import { renderJson } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { parseGates } from '../../verdicts/gates.js';
import { mergeReports } from '../../verdicts/merge.js';
import { readReport } from '../../verdicts/read-report.js';
import { chalkFor, FORMAT_HELP, STDOUT_FORMATS, stdoutFormat, terminalColumns } from '../io.js';
import { isStdoutPath, refuseInputAsOutput, writeOutput } from '../output-file.js';
import { oneOf } from '../parse.js';
import { writeGateVerdict } from '../verdict-lines.js';
import type { CommandContext } from './context.js';

interface MergeFlags {
  out?: string;
  format?: 'table' | 'json';
  failUnder?: string;
  max?: string;
  gateOn: GateBasis;
}

/** Expands quoted globs (`'shard-*.json'`, for shells and CI steps that do not), in name order. */
export function expandReportFiles(args: readonly string[], cwd: string): string[] {
  return args.flatMap((arg) => {
    if (!isDynamicPattern(arg)) return [arg];
    const matches = globSync(arg, { cwd, onlyFiles: true, expandDirectories: false }).sort();
    if (matches.length === 0) throw new UsageError(`no file matches ${arg}`);
    return matches;
  });
}

export function registerMerge(program: Command, context: CommandContext): void {
  program
    .command('merge')
    .description('combine the reports of probe --shard i/n runs into the report of the whole dataset')
    .argument(
      '<reports...>',
      "JSON reports written by probe --shard i/n --out, or a quoted glob: 'shard-*.json'",
    )
    .option('-o, --out <file>', 'write the merged JSON report to this file (- for stdout)')
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option('--fail-under <gates>', "gates on the merged numbers, as probe's (default: the shards' gates)")
    .option('--max <gates>', "upper-limit gates on the merged numbers, as probe's")
    .option('--gate-on <basis>', 'what gates check: point | lower-bound', oneOf(GATE_BASES), 'point')
    .action((patterns: string[], flags: MergeFlags) => {
      const files = expandReportFiles(patterns, process.cwd());
      const { io } = context;
      const given = flags.failUnder !== undefined || flags.max !== undefined;
      const gates = [
        ...(flags.failUnder === undefined ? [] : parseGates(flags.failUnder, 'min', '--fail-under')),
        ...(flags.max === undefined ? [] : parseGates(flags.max, 'max', '--max')),
      ];
      refuseInputAsOutput(
        { '--out': flags.out },
        Object.fromEntries(files.map((file, index) => [`report ${index + 1}`, file])),
      );
      const report = mergeReports(
        files.map((file) => ({ file, report: readReport(file) })),
        given ? { gates, basis: flags.gateOn } : undefined,
      );
      const format = stdoutFormat(flags.format, flags.out);
      if (flags.out !== undefined && !(isStdoutPath(flags.out) && format === 'json'))
        writeOutput(io, '--out', flags.out, renderJson(report));
      io.stdout.write(
        format === 'json'
          ? renderJson(report)
          : renderTable(report, { chalk: chalkFor(io, 'stdout'), columns: terminalColumns(io, 'stdout') }),
      );
      context.setExitCode(writeGateVerdict(io, report.gates));
    });
}
