import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/config-paths.js';
import type { CommandContext } from './context.js';

export function registerInit(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description(`write a commented ${CONFIG_FILE_NAME} to start from`)
    .option('--file <path>', 'where to write it', CONFIG_FILE_NAME)
    .option('--force', 'overwrite an existing file')
    // The config schema loads only when the command runs, not for --help.
    .action(async (flags: { file: string; force?: boolean }) => {
      const { runInit } = await import('./run-init.js');
      runInit(flags, context);
    });
}
