import type { Command } from 'commander';
import { mergeReports } from '../../core/merge.js';
import { renderJson } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { chalkFor, writeFileAtomic } from '../io.js';
import { oneOf } from '../parse.js';
import type { CommandContext } from './context.js';
import { readReport } from './explain.js';

export function registerMerge(program: Command, context: CommandContext): void {
  program
    .command('merge')
    .description('combine the reports of probe --shard i/n runs into the report of the whole dataset')
    .argument('<reports...>', 'JSON reports written by probe --shard i/n --out')
    .option('-o, --out <file>', 'write the merged JSON report to this file')
    .option(
      '--format <format>',
      'stdout format: table | json (default: table on a terminal, else json)',
      oneOf(['table', 'json'] as const),
    )
    .action((files: string[], flags: { out?: string; format?: 'table' | 'json' }) => {
      const { io } = context;
      const report = mergeReports(files.map((file) => ({ file, report: readReport(file) })));
      if (flags.out !== undefined) writeFileAtomic(flags.out, renderJson(report));
      const format = flags.format ?? (io.stdoutIsTTY ? 'table' : 'json');
      io.stdout.write(
        format === 'json' ? renderJson(report) : renderTable(report, { chalk: chalkFor(io, 'stdout') }),
      );
      context.setExitCode(report.gates.every((gate) => gate.passed) ? 0 : 1);
    });
}
