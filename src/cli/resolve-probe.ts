import type { Command } from 'commander';
import type { AuditOptions } from '../config/audit-options.js';
import type { LoadedConfig } from '../config/config-file.js';
import { findConfigFile } from '../config/config-paths.js';
import { resolveAuditOptions } from '../config/resolve-options.js';
import { settingsFromConfig, settingsFromEnv } from '../config/settings-layers.js';
import type { CommandContext } from './commands/context.js';
import { flagLayer } from './flag-layer.js';
import type { OutputFlags } from './probe-flags.js';
import { guardProbe } from './probe-guards.js';

const NO_CONFIG: LoadedConfig = Object.freeze({ file: undefined, config: {} });

/** The config file's settings; its schema (zod) loads only when there is a file to check. */
async function loadConfigFile(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  if (explicit === undefined && findConfigFile(cwd) === undefined) return NO_CONFIG;
  const { loadConfig } = await import('../config/config-file.js');
  return loadConfig(explicit, cwd);
}

/**
 * Resolves `probe`'s audit options from its flags, the environment and the config file (in that
 * order of precedence), plus what only the CLI provides: the signal, progress, the version.
 */
export async function resolveProbe(
  command: Command,
  dataset: string,
  context: CommandContext,
  onProgress: AuditOptions['environment']['onProgress'],
): Promise<AuditOptions> {
  const { io } = context;
  const flags = command.opts<OutputFlags>();
  const loaded = await loadConfigFile(flags.config ?? (io.env.RAGSEAM_CONFIG || undefined), process.cwd());
  const options = resolveAuditOptions({
    flags: {
      ...flagLayer(command),
      dataset,
      env: io.env,
      signal: context.signal,
      version: context.version,
      ...(onProgress === undefined ? {} : { onProgress }),
      onNotice: (message: string) => io.stderr.write(`note: ${message}\n`),
      cleanOutput: (text: string) => io.guard.clean(text),
      ...(flags.debug === true
        ? { debugLog: (line: string) => io.stderr.write(`[generator] ${line}\n`) }
        : {}),
    },
    env: settingsFromEnv(io.env),
    file: settingsFromConfig(loaded.config),
  });
  guardProbe(io, options, loaded, flags);
  return options;
}
