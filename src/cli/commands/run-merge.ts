import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../../model/errors.js';
import type { GateBasis } from '../../model/gates.js';
import { renderJsonPieces } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { parseGates } from '../../verdicts/gates.js';
import { mergeReports } from '../../verdicts/merge.js';
import { readReport } from '../../verdicts/read-report.js';
import { chalkFor, stdoutFormat, terminalColumns } from '../io.js';
import { refuseInputAsOutput, writeOutput } from '../output-file.js';
import { isStdoutPath } from '../stdout-path.js';
import { writeGateVerdict } from '../verdict-lines.js';
import type { CommandContext } from './context.js';

/** The flags of `merge`. */
export interface MergeFlags {
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

/** `ragseam merge`: merges shard reports, writes what the flags ask for, sets the exit code. */
export function runMerge(patterns: string[], flags: MergeFlags, context: CommandContext): void {
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
  // In pieces: the merged report of a million questions is longer than any one string.
  if (flags.out !== undefined && !(isStdoutPath(flags.out) && format === 'json'))
    writeOutput(io, '--out', flags.out, renderJsonPieces(report));
  if (format === 'json') writeOutput(io, 'stdout', '-', renderJsonPieces(report));
  else
    io.stdout.write(
      renderTable(report, { chalk: chalkFor(io, 'stdout'), columns: terminalColumns(io, 'stdout') }),
    );
  context.setExitCode(writeGateVerdict(io, report.gates));
}
