import type { Command } from 'commander';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { oneOf } from '../parse.js';
import type { CommandContext } from './context.js';

export function registerExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description("show one question of a report: passages by rank, each probe's answer, the diagnosis")
    .argument('<report>', 'JSON report written by probe --out')
    .argument('<id>', 'question id')
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    // The report reader and the reporters load only when the command runs, not for --help.
    .action(async (file: string, id: string, flags: { format?: 'table' | 'json' }) => {
      const { runExplain } = await import('./run-explain.js');
      runExplain(file, id, flags, context);
    });
}
