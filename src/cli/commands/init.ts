import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/config-file.js';
import { STARTER_CONFIG } from '../../config/config-template.js';
import { UsageError } from '../../model/errors.js';
import { writeOutput } from '../output-file.js';
import type { CommandContext } from './context.js';

export function registerInit(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description(`write a commented ${CONFIG_FILE_NAME} to start from`)
    .option('--file <path>', 'where to write it', CONFIG_FILE_NAME)
    .option('--force', 'overwrite an existing file')
    .action((flags: { file: string; force?: boolean }) => {
      const file = resolve(process.cwd(), flags.file);
      if (existsSync(file) && flags.force !== true) {
        throw new UsageError(`${flags.file} already exists`, { hint: 'add --force to overwrite it' });
      }
      writeOutput(context.io, '--file', file, STARTER_CONFIG);
      context.io.stdout.write(`wrote ${flags.file}: edit it, then run ragseam probe <dataset>\n`);
    });
}
