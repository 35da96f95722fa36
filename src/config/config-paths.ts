// Names and lookups of the config file that need no schema, so `--help` and `init --help` load no zod.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The config file looked for in the working directory when neither a flag nor RAGSEAM_CONFIG names one. */
export const CONFIG_FILE_NAME = 'ragseam.config.json';

/** Where the package ships the JSON Schema of ragseam.config.json, relative to the package root. */
export const CONFIG_SCHEMA_PATH = 'schema/ragseam.config.schema.json';

/** `ragseam.config.json` in `cwd` or the nearest folder above it, as other tools find theirs. */
export function findConfigFile(cwd: string): string | undefined {
  let folder = resolve(cwd);
  for (;;) {
    const candidate = resolve(folder, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}
