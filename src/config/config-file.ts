import { dirname, relative, resolve } from 'node:path';
import { z } from 'zod';
import { readTextFile } from '../dataset/read-text.js';
import { INPUT_FORMATS } from '../dataset/readers/formats.js';
import { ConfigError } from '../model/errors.js';
import { findConfigFile } from './config-paths.js';
import { MATCH_SPEC_EXPECTED, parseMatchSpec } from './match-spec.js';

const headers = z.record(z.string(), z.string());
const json = z.json();

/** `ragseam.config.json`: every key optional, unknown keys are errors (typos fail loudly). */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  probe: z
    .strictObject({
      generator: z.string().min(1).optional(),
      retriever: z.string().min(1).optional(),
      topK: z.number().int().min(1).max(1000).optional(),
      probes: z.union([z.string(), z.array(z.string())]).optional(),
      seed: z.number().int().min(0).optional(),
      concurrency: z.number().int().min(1).max(1024).optional(),
      match: z
        .string()
        .refine((text) => parseMatchSpec(text) !== undefined, MATCH_SPEC_EXPECTED)
        .optional(),
      inputFormat: z.enum(INPUT_FORMATS).optional(),
      timeoutMs: z.number().int().min(1).optional(),
      followRedirects: z.boolean().optional(),
      retries: z.number().int().min(0).max(20).optional(),
      backoffMs: z.number().int().min(0).optional(),
      rateLimit: z.number().positive().optional(),
      maxConsecutiveFailures: z.number().int().min(1).optional(),
      maxErrorRate: z.number().min(0).max(1).optional(),
      resamples: z.number().int().min(1).max(1_000_000).optional(),
      attribute: z.boolean().optional(),
      attributionSamples: z.number().int().min(4).max(4096).optional(),
      template: z.string().min(1).optional(),
      cache: z.union([z.string().min(1), z.literal(false)]).optional(),
    })
    .optional(),
  openai: z
    .strictObject({
      baseUrl: z.url().optional(),
      apiKeyEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
        .optional(),
      apiVersion: z.string().min(1).optional(),
      temperature: z.number().min(0).max(2).optional(),
      maxTokens: z.number().int().min(1).optional(),
      logprobs: z.boolean().optional(),
      api: z.enum(['chat', 'completions']).optional(),
      headers: headers.optional(),
    })
    .optional(),
  http: z
    .strictObject({
      generator: z
        .strictObject({
          body: json.optional(),
          answerPath: z.string().min(1).optional(),
          logprobsPath: z.string().min(1).optional(),
          headers: headers.optional(),
        })
        .optional(),
      retriever: z
        .strictObject({
          body: json.optional(),
          passagesPath: z.string().optional(),
          textField: z.string().min(1).optional(),
          idField: z.string().min(1).optional(),
          titleField: z.string().min(1).optional(),
          scoreField: z.string().min(1).optional(),
          headers: headers.optional(),
        })
        .optional(),
    })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

export { CONFIG_FILE_NAME, findConfigFile } from './config-paths.js';
export { resolveLayers } from './resolve-layers.js';

/**
 * Blanks out `//` and `/* *\/` comments outside strings, keeping every newline and offset, so the
 * file may carry the comments `ragseam init` writes.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (inString) {
      out += char;
      if (char === '\\') {
        out += next ?? '';
        i++;
      } else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
      out += text[i] ?? '';
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else out += char;
  }
  return out;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`,
    '',
  );
}

/** One line per problem: `<path>: <what>`, unknown keys named. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issuePath(issue.path) || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${where}: unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    }
    return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
  });
}

/** Parses and validates config text; `file` names it in messages. Paths in it stay as written. */
export function parseConfig(text: string, file: string): Config {
  let value: unknown;
  try {
    value = JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'comments (// and /* */) are allowed; trailing commas are not',
    });
  }
  const result = configSchema.safeParse(value);
  if (!result.success) {
    const lines = describeConfigIssues(result.error);
    throw new ConfigError(
      `${file}: ${lines.length === 1 ? lines[0] : `${lines.length} problems:\n  ${lines.join('\n  ')}`}`,
      {
        hint: '`ragseam init` writes a commented example; docs/providers.md lists every key',
      },
    );
  }
  return result.data;
}

/** A loaded config with file paths in it made absolute against the file's folder. */
export interface LoadedConfig {
  readonly file: string | undefined;
  readonly config: Config;
}

/**
 * Reads the config file: `explicit` (a flag or RAGSEAM_CONFIG) must exist; otherwise
 * ragseam.config.json in `cwd` or the nearest folder above it is used when present, else an
 * empty config.
 */
export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const file = explicit ?? findConfigFile(cwd);
  if (file === undefined) return Object.freeze({ file: undefined, config: {} });
  const text = readTextFile(file, {
    label: `config file ${file}`,
    fail: (message) => new ConfigError(message),
  });
  const config = parseConfig(text, explicit ?? relative(cwd, file));
  const base = dirname(resolve(file));
  const probe = config.probe;
  const absolute = probe && {
    ...probe,
    ...(probe.template === undefined ? {} : { template: resolve(base, probe.template) }),
    ...(typeof probe.cache === 'string' ? { cache: resolve(base, probe.cache) } : {}),
  };
  return Object.freeze({
    file,
    config: Object.freeze({ ...config, ...(absolute === undefined ? {} : { probe: absolute }) }),
  });
}
