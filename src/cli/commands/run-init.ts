import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_SCHEMA_PATH } from '../../config/config-paths.js';
import { starterConfig } from '../../config/config-template.js';
import { UsageError } from '../../model/errors.js';
import { writeOutput } from '../output-file.js';
import type { CommandContext } from './context.js';

/** `ragseam init`: writes the commented starter config. */
export function runInit(flags: { file: string; force?: boolean }, context: CommandContext): void {
  const file = resolve(process.cwd(), flags.file);
  if (existsSync(file) && flags.force !== true) {
    throw new UsageError(`${flags.file} already exists`, { hint: 'add --force to overwrite it' });
  }
  const schema = relative(dirname(file), join(context.packageRoot, CONFIG_SCHEMA_PATH)).split(sep).join('/');
  writeOutput(context.io, '--file', file, starterConfig(schema.startsWith('.') ? schema : `./${schema}`));
  context.io.stdout.write(`wrote ${flags.file}: edit it, then run ragseam probe <dataset>\n`);
}
