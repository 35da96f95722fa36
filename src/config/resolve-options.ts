import { homedir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from '../dataset/read-text.js';
import { INPUT_FORMATS } from '../dataset/readers/formats.js';
import { EnvironmentError, UsageError } from '../model/errors.js';
import type { Shard } from '../model/report.js';
import { PROBE_NAMES, type ProbeName } from '../model/types.js';
import { AUDIT_DEFAULTS, type AuditInput, type AuditOptions } from './audit-options.js';
import { MATCH_SPEC_EXPECTED, parseMatchSpec } from './match-spec.js';
import { resolveLayers } from './resolve-layers.js';

/** The setting layers of one audit, highest first: flags (or the API's input), environment, config file. */
export interface SettingLayers {
  readonly flags: AuditInput;
  readonly env?: Partial<AuditInput>;
  readonly file?: Partial<AuditInput>;
}

/** The dataset shown in reports for rows given in memory. */
export const IN_MEMORY_DATASET = '(in memory)';

/** Parses a probe list (names or comma-separated text) into names in suite order. */
export function parseProbeList(list: string | readonly string[]): ProbeName[] {
  const names = (typeof list === 'string' ? list.split(',') : list)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--probes needs at least one probe name');
  for (const name of names) {
    if (!(PROBE_NAMES as readonly string[]).includes(name))
      throw new UsageError(`unknown probe "${name}"`, { hint: `probes: ${PROBE_NAMES.join(', ')}` });
  }
  return PROBE_NAMES.filter((name) => names.includes(name));
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${text}: expected i/n with 1 <= i <= n, e.g. --shard 2/4`);
  }
  return { index, count };
}

/**
 * The platform's user cache folder for ragseam (~/.cache/ragseam on Linux, or under
 * $XDG_CACHE_HOME; ~/Library/Caches/ragseam on macOS; %LOCALAPPDATA%\\ragseam\\Cache on Windows),
 * or undefined when the user has no home folder (no HOME and no account entry).
 */
function userCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (home === '') return undefined;
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'ragseam');
  if (process.platform === 'win32') {
    return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'ragseam', 'Cache');
  }
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'ragseam');
}

/** The default cache folder, or an error saying how to do without a home folder. */
function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const dir = userCacheDir(env);
  if (dir !== undefined) return dir;
  throw new EnvironmentError('no home folder to keep the answer cache in (HOME is not set)', {
    hint: 'set HOME or RAGSEAM_CACHE_DIR, or pass --cache DIR or --no-cache',
  });
}

function mergeHttp(file: AuditInput['http'], flags: AuditInput['http']) {
  const merge = <T extends { readonly headers?: Readonly<Record<string, string>> | undefined }>(
    low?: T,
    high?: T,
  ): T =>
    ({
      ...low,
      ...high,
      headers: { ...low?.headers, ...high?.headers },
    }) as T;
  return {
    generator: merge(file?.generator, flags?.generator),
    retriever: merge(file?.retriever, flags?.retriever),
  };
}

/** `--system` goes only to generators that build a prompt; exec programs and functions get none. */
function checkSystemMessage(input: AuditInput): void {
  if (input.system === undefined) return;
  const kind = typeof input.generator === 'string' ? input.generator.split(':')[0] : 'function';
  if (!['openai', 'http', 'transformers'].includes(kind ?? '')) {
    throw new UsageError(`--system: the ${kind} generator is given the question and passages, not a prompt`, {
      hint: 'write the instructions into your own program, or use an openai, http or transformers generator',
    });
  }
  if (input.system.trim() === '') throw new UsageError('--system: the system message is empty');
}

/**
 * The one resolver: flags (or the API's input) > environment > config file > {@link AUDIT_DEFAULTS},
 * then checked and grouped into an audit's options. Files it names (the prompt template) are read
 * here, so a bad path fails before any work starts.
 */
export function resolveAuditOptions(layers: SettingLayers): AuditOptions {
  const input = resolveLayers<AuditInput>({
    flags: layers.flags,
    env: layers.env ?? {},
    file: layers.file ?? {},
    defaults: {},
  });
  if (input.dataset === undefined) throw new UsageError('no dataset: give a file or rows');
  if (input.generator === undefined) {
    throw new UsageError('no generator: give --generator <spec>', {
      hint: 'or set "probe.generator" in ragseam.config.json, or RAGSEAM_GENERATOR',
    });
  }
  const match = input.match ?? AUDIT_DEFAULTS.match;
  if (parseMatchSpec(match) === undefined) throw new UsageError(`--match ${match}: ${MATCH_SPEC_EXPECTED}`);
  const inputFormat = input.inputFormat ?? AUDIT_DEFAULTS.inputFormat;
  if (!(INPUT_FORMATS as readonly string[]).includes(inputFormat))
    throw new UsageError(`--input-format ${inputFormat}: expected one of ${INPUT_FORMATS.join(', ')}`);
  if (input.attributionSamples !== undefined && input.attribute !== true)
    throw new UsageError('--attribution-samples needs --attribute');
  const gates = input.gates ?? [];
  if (input.earlyStop !== undefined && input.earlyStop !== false && gates.length === 0) {
    throw new UsageError('--early-stop needs a gate to decide', {
      hint: 'add --fail-under and/or --max, e.g. --fail-under reliance=0.7',
    });
  }
  const env = input.env ?? {};
  const offline = input.offline ?? AUDIT_DEFAULTS.offline;
  const userCache = userCacheDir(env);
  const modelCacheDir =
    input.modelCacheDir ?? (userCache === undefined ? undefined : join(userCache, 'models'));
  const template =
    input.template === undefined
      ? undefined
      : readTextFile(input.template, {
          label: `--template ${input.template}`,
          fail: (message) => new UsageError(message),
        });
  checkSystemMessage(input);
  const http = mergeHttp(layers.file?.http, input.http);
  const functionGenerator = typeof input.generator === 'function';
  const cacheDir =
    input.cache === false
      ? undefined
      : typeof input.cache === 'string'
        ? input.cache
        : functionGenerator
          ? undefined // a function cannot be fingerprinted, so its answers are not kept across runs
          : defaultCacheDir(env);
  const timeoutMs = input.timeoutMs ?? AUDIT_DEFAULTS.timeoutMs;
  const followRedirects = input.followRedirects ?? AUDIT_DEFAULTS.followRedirects;
  return {
    source: {
      dataset: typeof input.dataset === 'string' ? input.dataset : IN_MEMORY_DATASET,
      rows: typeof input.dataset === 'string' ? undefined : input.dataset,
      inputFormat,
      shard: typeof input.shard === 'string' ? parseShard(input.shard) : input.shard,
    },
    settings: {
      topK: input.topK ?? AUDIT_DEFAULTS.topK,
      probes: input.probes === undefined ? [...PROBE_NAMES] : parseProbeList(input.probes),
      seed: input.seed ?? AUDIT_DEFAULTS.seed,
      match,
      semanticThreshold: input.semanticThreshold ?? AUDIT_DEFAULTS.semanticThreshold,
      resamples: input.resamples ?? AUDIT_DEFAULTS.resamples,
      attribution:
        input.attribute === true
          ? { samples: input.attributionSamples ?? AUDIT_DEFAULTS.attributionSamples }
          : undefined,
      effectSizes: input.effectSizes,
    },
    providers: {
      generator: input.generator,
      retriever: input.retriever ?? AUDIT_DEFAULTS.retriever,
      corpus: input.corpus,
      generatorOptions: {
        timeoutMs,
        followRedirects,
        offline,
        ...(modelCacheDir === undefined ? {} : { modelCacheDir }),
        env,
        maxNewTokens: input.maxNewTokens ?? AUDIT_DEFAULTS.maxNewTokens,
        batchSize: input.batchSize ?? AUDIT_DEFAULTS.batchSize,
        maxLineBytes: input.maxLineBytes ?? AUDIT_DEFAULTS.maxLineBytes,
        ...(input.effectSizes === true ? { scoreAnswers: true } : {}),
        ...(template === undefined ? {} : { template, templateFile: input.template }),
        ...(input.system === undefined ? {} : { system: input.system }),
        ...(input.debugLog === undefined ? {} : { debugLog: input.debugLog }),
        openai: {
          ...input.openai,
          baseUrl: input.baseUrl,
          apiKeyEnv: input.apiKeyEnv,
          apiVersion: input.apiVersion,
          logprobs: input.logprobs ?? AUDIT_DEFAULTS.logprobs,
        },
        http: http.generator,
      },
      retrieverOptions: {
        env,
        http: http.retriever,
        timeoutMs,
        followRedirects,
        offline,
        ...(modelCacheDir === undefined ? {} : { modelCacheDir }),
        ...(cacheDir === undefined ? {} : { cacheDir }),
        ...(input.corpus === undefined ? {} : { corpus: input.corpus }),
      },
      concurrency: input.concurrency ?? AUDIT_DEFAULTS.concurrency,
      retries: input.retries ?? AUDIT_DEFAULTS.retries,
      backoffMs: input.backoffMs ?? AUDIT_DEFAULTS.backoffMs,
      rateLimitPerMinute: input.rateLimit,
      maxConsecutiveFailures: input.maxConsecutiveFailures ?? AUDIT_DEFAULTS.maxConsecutiveFailures,
    },
    verdict: {
      gates,
      gateOn: input.gateOn ?? AUDIT_DEFAULTS.gateOn,
      earlyStop:
        input.earlyStop === undefined || input.earlyStop === false
          ? undefined
          : input.earlyStop === true
            ? { alpha: AUDIT_DEFAULTS.earlyStopAlpha }
            : input.earlyStop,
      maxErrorRate: input.maxErrorRate ?? AUDIT_DEFAULTS.maxErrorRate,
    },
    environment: {
      cacheDir,
      cacheSalt: input.cacheSalt ?? '',
      resume: input.resume ?? true,
      signal: input.signal ?? new AbortController().signal,
      onProgress: input.onProgress,
      onNotice: input.onNotice,
      cleanOutput: input.cleanOutput,
      version: input.version ?? 'unknown',
    },
  };
}
