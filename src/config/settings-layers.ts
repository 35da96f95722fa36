import { INPUT_FORMATS } from '../dataset/readers/formats.js';
import { ConfigError } from '../model/errors.js';
import type { AuditInput } from './audit-options.js';
import type { Config } from './config-file.js';

/** The environment variables that set a probe setting. Secrets are read elsewhere, by name. */
export const SETTINGS_ENV = {
  generator: 'RAGSEAM_GENERATOR',
  retriever: 'RAGSEAM_RETRIEVER',
  topK: 'RAGSEAM_TOP_K',
  concurrency: 'RAGSEAM_CONCURRENCY',
  inputFormat: 'RAGSEAM_INPUT_FORMAT',
  timeoutMs: 'RAGSEAM_TIMEOUT_MS',
  retries: 'RAGSEAM_RETRIES',
  rateLimit: 'RAGSEAM_RATE_LIMIT',
  maxConsecutiveFailures: 'RAGSEAM_MAX_CONSECUTIVE_FAILURES',
  cache: 'RAGSEAM_CACHE_DIR',
  baseUrl: 'OPENAI_BASE_URL',
  apiVersion: 'OPENAI_API_VERSION',
  modelCacheDir: 'RAGSEAM_MODEL_CACHE',
} as const satisfies Partial<Record<keyof AuditInput, string>>;

const INTEGER_KEYS = new Set(['topK', 'concurrency', 'timeoutMs', 'retries', 'maxConsecutiveFailures']);

/** The settings the environment sets; a malformed value is a config error naming the variable. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<AuditInput> {
  const layer: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(SETTINGS_ENV)) {
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    if (INTEGER_KEYS.has(key) || key === 'rateLimit') {
      const value = Number(text);
      const valid =
        key === 'rateLimit' ? value > 0 : Number.isInteger(value) && value >= (key === 'retries' ? 0 : 1);
      if (!Number.isFinite(value) || !valid) {
        throw new ConfigError(
          `${name}=${JSON.stringify(text)}: expected ${key === 'rateLimit' ? 'a positive number' : 'a whole number'}`,
        );
      }
      layer[key] = value;
    } else if (key === 'inputFormat') {
      if (!(INPUT_FORMATS as readonly string[]).includes(text)) {
        throw new ConfigError(`${name}=${JSON.stringify(text)}: expected one of ${INPUT_FORMATS.join(', ')}`);
      }
      layer[key] = text;
    } else layer[key] = text;
  }
  return layer as Partial<AuditInput>;
}

/** The settings a config file sets (`probe`, `openai` and `http` blocks). */
export function settingsFromConfig(config: Config): Partial<AuditInput> {
  const { probe = {}, openai = {}, http } = config;
  const { baseUrl, apiKeyEnv, apiVersion, logprobs, ...providerOptions } = openai;
  const layer: Record<string, unknown> = {
    ...probe,
    probes: Array.isArray(probe.probes) ? probe.probes.join(',') : probe.probes,
    baseUrl,
    apiKeyEnv,
    apiVersion,
    logprobs,
    ...(Object.keys(providerOptions).length === 0 ? {} : { openai: providerOptions }),
    http,
  };
  return Object.fromEntries(
    Object.entries(layer).filter(([, value]) => value !== undefined),
  ) as Partial<AuditInput>;
}
