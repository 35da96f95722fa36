import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/config-file.js';
import { CONFIG_SCHEMA_PATH } from '../../config/config-json-schema.js';
import { starterConfig } from '../../config/config-template.js';
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
      const schema = relative(dirname(file), join(context.packageRoot, CONFIG_SCHEMA_PATH))
        .split(sep)
        .join('/');
      writeOutput(context.io, '--file', file, starterConfig(schema.startsWith('.') ? schema : `./${schema}`));
      context.io.stdout.write(`wrote ${flags.file}: edit it, then run ragseam probe <dataset>\n`);
    });
}
