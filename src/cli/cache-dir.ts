import envPaths from 'env-paths';
import type { CliIO } from './io.js';

/**
 * The answer cache directory: `--cache DIR`, else `RAGSEAM_CACHE_DIR`, else the platform's user
 * cache directory (e.g. ~/.cache/ragseam on Linux); undefined with `--no-cache`.
 */
export function resolveCacheDir(flag: string | boolean | undefined, io: CliIO): string | undefined {
  if (flag === false) return undefined;
  if (typeof flag === 'string') return flag;
  const fromEnv = io.env.RAGSEAM_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return envPaths('ragseam', { suffix: '' }).cache;
}
