import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type Config, loadConfig, resolveLayers } from '../config/config-file.js';
import { type ProbeSettings, settingsFromConfig, settingsFromEnv } from '../config/settings-layers.js';
import { INPUT_FORMATS } from '../dataset/readers/formats.js';
import type { AuditOptions } from '../engine/audit.js';
import { parseShard } from '../engine/shard.js';
import { UsageError } from '../model/errors.js';
import type { Shard } from '../model/report.js';
import type { CliIO } from './io.js';
import { integerIn, oneOf } from './parse.js';

/** The keys of {@link ProbeSettings}, which are also the commander attribute names of their flags. */
const SETTING_KEYS = [
  'generator',
  'retriever',
  'topK',
  'probes',
  'seed',
  'concurrency',
  'match',
  'inputFormat',
  'timeoutMs',
  'retries',
  'backoffMs',
  'rateLimit',
  'maxConsecutiveFailures',
  'maxErrorRate',
  'resamples',
  'template',
  'cache',
  'baseUrl',
  'apiKeyEnv',
  'apiVersion',
  'logprobs',
] as const satisfies readonly (keyof ProbeSettings)[];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number');
  return value;
}

/** Adds the flags for HTTP providers, log formats, network resilience, sharding and the config file. */
export function addProviderFlags(command: Command): void {
  command
    .option(
      '--config <file>',
      'config file (default: $RAGSEAM_CONFIG, else ./ragseam.config.json when present)',
    )
    .option(
      '--input-format <format>',
      `dataset rows: ${INPUT_FORMATS.join(' | ')}`,
      oneOf(INPUT_FORMATS),
      'auto',
    )
    .option('--base-url <url>', 'OpenAI-compatible API root (default: $OPENAI_BASE_URL, else the OpenAI API)')
    .option('--api-key-env <name>', 'environment variable holding the API key (default: OPENAI_API_KEY)')
    .option(
      '--api-version <version>',
      'Azure OpenAI api-version (switches to Azure URLs and the api-key header)',
    )
    .option(
      '--template <file>',
      'prompt template file with {{passages}} and {{question}} (docs/providers.md)',
    )
    .option('--no-logprobs', 'do not ask the server for token log-probabilities')
    .option('--http-body <file>', 'JSON request body template for --generator http:<url>')
    .option(
      '--http-answer-path <path>',
      'JSON path of the answer in the http generator response (default: answer)',
    )
    .option(
      '--http-header <header>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} is the literal syntax users write
      "'Name: value' for the http generator, ${VAR} read from the environment (repeatable)",
      collect,
    )
    .option('--retriever-body <file>', 'JSON request body template for --retriever http:<url>')
    .option(
      '--retriever-passages-path <path>',
      'JSON path of the passage list in the http retriever response (default: passages)',
    )
    .option(
      '--retriever-header <header>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} is the literal syntax users write
      "'Name: value' for the http retriever, ${VAR} from the environment (repeatable)",
      collect,
    )
    .option('--rate-limit <rpm>', 'at most this many requests per minute to each endpoint', positive)
    .option(
      '--backoff-ms <ms>',
      'first retry wait; doubles per retry, with jitter, at least Retry-After',
      integerIn(0),
      250,
    )
    .option(
      '--max-consecutive-failures <n>',
      'stop (exit 3) after this many failed calls in a row',
      integerIn(1),
      20,
    )
    .addOption(
      new Option(
        '--shard <i/n>',
        'probe only slice i of n (by a hash of the question id); combine with ragseam merge',
      ),
    );
}

function readJsonFile(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${flag} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

function parseHeaders(values: readonly string[] | undefined, flag: string): Record<string, string> {
  return Object.fromEntries(
    (values ?? []).map((header) => {
      const colon = header.indexOf(':');
      if (colon <= 0) throw new UsageError(`${flag} ${JSON.stringify(header)}: expected 'Name: value'`);
      return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
    }),
  );
}

function readTemplate(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--template ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

interface ProviderFlags {
  config?: string;
  httpBody?: string;
  httpAnswerPath?: string;
  httpHeader?: string[];
  retrieverBody?: string;
  retrieverPassagesPath?: string;
  retrieverHeader?: string[];
  shard?: string;
}

/** What `probe` runs with: every setting resolved, and the audit options only providers need. */
export interface ResolvedProbe {
  readonly settings: ProbeSettings & { readonly generator: string };
  readonly shard: Shard | undefined;
  readonly audit: Pick<
    AuditOptions,
    'retrieverOptions' | 'inputFormat' | 'rateLimitPerMinute' | 'maxConsecutiveFailures'
  > & {
    readonly generatorOptions: NonNullable<AuditOptions['generatorOptions']>;
  };
}

function httpOptions(
  config: Config,
  flags: ProviderFlags,
  env: CliIO['env'],
): {
  generator: NonNullable<NonNullable<AuditOptions['generatorOptions']>['http']>;
  retrieverOptions: NonNullable<AuditOptions['retrieverOptions']>;
} {
  const generator = config.http?.generator ?? {};
  const retriever = config.http?.retriever ?? {};
  return {
    generator: {
      ...generator,
      ...(flags.httpBody === undefined ? {} : { body: readJsonFile(flags.httpBody, '--http-body') }),
      ...(flags.httpAnswerPath === undefined ? {} : { answerPath: flags.httpAnswerPath }),
      headers: { ...generator.headers, ...parseHeaders(flags.httpHeader, '--http-header') },
    },
    retrieverOptions: {
      env,
      http: {
        ...retriever,
        ...(flags.retrieverBody === undefined
          ? {}
          : { body: readJsonFile(flags.retrieverBody, '--retriever-body') }),
        ...(flags.retrieverPassagesPath === undefined ? {} : { passagesPath: flags.retrieverPassagesPath }),
        headers: { ...retriever.headers, ...parseHeaders(flags.retrieverHeader, '--retriever-header') },
      },
    },
  };
}

/**
 * Resolves `probe`'s settings: flags given on the command line > environment variables > the
 * config file > the flags' defaults, then builds the provider options from them.
 */
export function resolveProbe(command: Command, io: CliIO, cwd: string): ResolvedProbe {
  const values = command.opts<Record<string, unknown> & ProviderFlags>();
  const flags: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const source = command.getOptionValueSource(key);
    (source === undefined || source === 'default' ? defaults : flags)[key] = values[key];
  }
  const { config } = loadConfig(values.config ?? (io.env.RAGSEAM_CONFIG || undefined), cwd);
  const settings = resolveLayers<ProbeSettings>({
    flags: flags as Partial<ProbeSettings>,
    env: settingsFromEnv(io.env),
    file: settingsFromConfig(config),
    defaults: defaults as unknown as ProbeSettings,
  });
  if (settings.generator === undefined) {
    throw new UsageError('no generator: give --generator <spec>', {
      hint: 'or set "probe.generator" in ragseam.config.json, or RAGSEAM_GENERATOR',
    });
  }
  const { generator: http, retrieverOptions } = httpOptions(config, values, io.env);
  const template = readTemplate(settings.template);
  return {
    settings: { ...settings, generator: settings.generator },
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
    audit: {
      inputFormat: settings.inputFormat,
      rateLimitPerMinute: settings.rateLimit,
      maxConsecutiveFailures: settings.maxConsecutiveFailures,
      retrieverOptions,
      generatorOptions: {
        env: io.env,
        ...(template === undefined ? {} : { template }),
        openai: {
          ...config.openai,
          baseUrl: settings.baseUrl,
          apiKeyEnv: settings.apiKeyEnv,
          apiVersion: settings.apiVersion,
          logprobs: settings.logprobs,
        },
        http,
      },
    },
  };
}
