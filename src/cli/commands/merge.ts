import type { Command } from 'commander';
import { GATE_BASES } from '../../model/gates.js';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { oneOf } from '../parse.js';
import type { CommandContext } from './context.js';
import type { MergeFlags } from './run-merge.js';

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
    // The glob matcher, the report reader and the reporters load only when the command runs.
    .action(async (patterns: string[], flags: MergeFlags) => {
      const { runMerge } = await import('./run-merge.js');
      runMerge(patterns, flags, context);
    });
}
