import { INPUT_FORMATS, type InputFormat } from '../dataset/readers/formats.js';
import { ConfigError } from '../model/errors.js';
import type { Config } from './config-file.js';

/**
 * The `probe` settings that flags, environment variables and the config file can all set; each
 * is resolved flags > environment > config file > defaults by `resolveLayers`.
 */
export interface ProbeSettings {
  readonly generator: string | undefined;
  readonly retriever: string;
  readonly topK: number;
  readonly probes: string;
  readonly seed: number;
  readonly concurrency: number;
  /** contains | exact | semantic:<model> */
  readonly match: string;
  readonly inputFormat: InputFormat;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  /** Requests per minute, per endpoint; undefined: no limit. */
  readonly rateLimit: number | undefined;
  readonly maxConsecutiveFailures: number;
  readonly maxErrorRate: number;
  readonly resamples: number;
  /** Prompt template file. */
  readonly template: string | undefined;
  /** Answer cache directory, or false for none; undefined: the platform default. */
  readonly cache: string | boolean | undefined;
  readonly baseUrl: string | undefined;
  readonly apiKeyEnv: string | undefined;
  readonly apiVersion: string | undefined;
  readonly logprobs: boolean;
}

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
} as const satisfies Partial<Record<keyof ProbeSettings, string>>;

const INTEGER_KEYS = new Set(['topK', 'concurrency', 'timeoutMs', 'retries', 'maxConsecutiveFailures']);

/** The settings the environment sets; a malformed value is a config error naming the variable. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<ProbeSettings> {
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
  return layer as Partial<ProbeSettings>;
}

/** The settings a config file sets (`probe` and `openai` blocks). */
export function settingsFromConfig(config: Config): Partial<ProbeSettings> {
  const { probe = {}, openai = {} } = config;
  const layer: Record<string, unknown> = {
    ...probe,
    probes: Array.isArray(probe.probes) ? probe.probes.join(',') : probe.probes,
    baseUrl: openai.baseUrl,
    apiKeyEnv: openai.apiKeyEnv,
    apiVersion: openai.apiVersion,
    logprobs: openai.logprobs,
  };
  return Object.fromEntries(
    Object.entries(layer).filter(([, value]) => value !== undefined),
  ) as Partial<ProbeSettings>;
}
