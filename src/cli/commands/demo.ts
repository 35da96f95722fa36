import type { Command } from 'commander';
import { FORMAT_HELP, STDOUT_FORMATS } from '../io.js';
import { integerIn, oneOf } from '../parse.js';
import type { CommandContext } from './context.js';
import type { DemoFlags } from './run-demo.js';

export function registerDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'run the full probe suite on two bundled calibration models behind BM25 and the coupled one behind a misaligned retriever, offline, side by side',
    )
    .option('--seed <n>', 'seed for every random choice and the bootstrap', integerIn(0), 0)
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option(
      '--out-dir <dir>',
      'also write each JSON report (coupled.json, decoupled.json, misaligned.json) here',
    )
    // The engine, the models and the reporters load only when the command runs, not for --help.
    .action(async (flags: DemoFlags) => {
      const { runDemoCommand } = await import('./run-demo.js');
      await runDemoCommand(flags, context);
    });
}
