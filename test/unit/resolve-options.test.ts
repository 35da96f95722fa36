import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_DEFAULTS, type AuditInput } from '../../src/config/audit-options.js';
import { parseConfig } from '../../src/config/config-file.js';
import { resolveAuditOptions } from '../../src/config/resolve-options.js';
import { settingsFromConfig, settingsFromEnv } from '../../src/config/settings-layers.js';
import { UsageError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/cli.js';

const base: AuditInput = { dataset: 'data.jsonl', generator: 'exec:node reader.mjs' };
const resolve = (flags: AuditInput, env: Record<string, string> = {}, file = '{}') =>
  resolveAuditOptions({
    flags: { ...base, ...flags },
    env: settingsFromEnv(env),
    file: settingsFromConfig(parseConfig(file, 'ragseam.config.json')),
  });

describe('resolveAuditOptions: flags > environment > config file > defaults, grouped', () => {
  it.each([
    ['default', {}, {}, '{}', 5],
    ['config file over default', {}, {}, '{"probe": {"topK": 8}}', 8],
    ['environment over file', {}, { RAGSEAM_TOP_K: '3' }, '{"probe": {"topK": 8}}', 3],
    ['flag over environment and file', { topK: 2 }, { RAGSEAM_TOP_K: '3' }, '{"probe": {"topK": 8}}', 2],
  ])('topK: %s', (_, flags, env, file, expected) => {
    expect(resolve(flags, env, file).settings.topK).toBe(expected);
  });

  it('fills every default and puts each setting in its group', () => {
    const options = resolve({});
    expect(options.source).toEqual({
      dataset: 'data.jsonl',
      rows: undefined,
      inputFormat: 'auto',
      shard: undefined,
    });
    expect(options.settings).toEqual({
      topK: AUDIT_DEFAULTS.topK,
      probes: ['remove', 'swap', 'corrupt', 'leave-one-out', 'shuffle', 'distractor', 'solo', 'gold'],
      seed: 0,
      match: 'contains',
      semanticThreshold: 0.92,
      resamples: 1000,
    });
    expect(options.providers).toMatchObject({
      generator: 'exec:node reader.mjs',
      retriever: 'dataset',
      concurrency: 4,
      retries: 2,
      backoffMs: 250,
      rateLimitPerMinute: undefined,
      maxConsecutiveFailures: 20,
    });
    expect(options.providers.generatorOptions).toMatchObject({
      timeoutMs: 60_000,
      maxNewTokens: 32,
      batchSize: 16,
    });
    expect(options.verdict).toEqual({ gates: [], gateOn: 'point', earlyStop: undefined, maxErrorRate: 0.1 });
  });

  it.each([
    ['no cache flag: the environment', {}, { RAGSEAM_CACHE_DIR: '/env/cache' }, '/env/cache'],
    [
      '--cache over the environment',
      { cache: '/flag/cache' },
      { RAGSEAM_CACHE_DIR: '/env/cache' },
      '/flag/cache',
    ],
    [
      '--no-cache over the environment',
      { cache: false as const },
      { RAGSEAM_CACHE_DIR: '/env/cache' },
      undefined,
    ],
    ['a function generator keeps nothing on disk', { generator: () => 'a' }, {}, undefined],
  ])('cache directory: %s', (_, flags, env, expected) => {
    const options = resolve(flags as AuditInput, env);
    expect(options.environment.cacheDir).toBe(expected);
    expect(options.providers.retrieverOptions.cacheDir).toBe(expected);
  });

  it('reads RAGSEAM_MODEL_CACHE once, for generators and retrievers alike', () => {
    const options = resolve({}, { RAGSEAM_MODEL_CACHE: '/models' });
    expect(options.providers.generatorOptions.modelCacheDir).toBe('/models');
    expect(options.providers.retrieverOptions.modelCacheDir).toBe('/models');
  });

  it('merges headers: the flag wins per header, the file keeps the rest', () => {
    const file = '{"http": {"generator": {"headers": {"A": "file", "B": "file"}, "answerPath": "out"}}}';
    const options = resolve({ http: { generator: { headers: { B: 'flag' } } } }, {}, file);
    expect(options.providers.generatorOptions.http).toEqual({
      answerPath: 'out',
      headers: { A: 'file', B: 'flag' },
    });
  });

  it('openai settings: flags over OPENAI_BASE_URL over the file', () => {
    const file = '{"openai": {"baseUrl": "https://file.example/v1", "temperature": 0.5}}';
    expect(resolve({}, {}, file).providers.generatorOptions.openai).toMatchObject({
      baseUrl: 'https://file.example/v1',
      temperature: 0.5,
      logprobs: true,
    });
    expect(
      resolve({}, { OPENAI_BASE_URL: 'https://env.example/v1' }, file).providers.generatorOptions.openai
        ?.baseUrl,
    ).toBe('https://env.example/v1');
  });

  it.each([
    [
      'probes in suite order',
      { probes: 'shuffle, remove' },
      (o: ReturnType<typeof resolve>) => o.settings.probes,
      ['remove', 'shuffle'],
    ],
    [
      'shard from text',
      { shard: '2/4' },
      (o: ReturnType<typeof resolve>) => o.source.shard,
      { index: 2, count: 4 },
    ],
    [
      'rows in memory',
      { dataset: [{ question: 'q' }] },
      (o: ReturnType<typeof resolve>) => o.source.dataset,
      '(in memory)',
    ],
    [
      'early stop takes the default alpha',
      { earlyStop: true, gates: [{ metric: 'reliance' as const, kind: 'min' as const, threshold: 0.5 }] },
      (o: ReturnType<typeof resolve>) => o.verdict.earlyStop,
      { alpha: 0.05 },
    ],
  ])('%s', (_, flags, pick, expected) => {
    expect(pick(resolve(flags as AuditInput))).toEqual(expected);
  });

  it.each([
    ['off by default', {}, undefined],
    ['--attribute: 32 masks', { attribute: true }, { samples: 32 }],
    ['--attribute --attribution-samples 8', { attribute: true, attributionSamples: 8 }, { samples: 8 }],
  ])('attribution: %s', (_, flags, expected) => {
    expect(resolve(flags).settings.attribution).toEqual(expected);
  });

  it('attribution from the config file, the flag overriding its sample count', () => {
    const file = '{"probe": {"attribute": true, "attributionSamples": 16}}';
    expect(resolve({}, {}, file).settings.attribution).toEqual({ samples: 16 });
    expect(resolve({ attributionSamples: 8 }, {}, file).settings.attribution).toEqual({ samples: 8 });
  });

  it.each([
    ['no generator', { generator: undefined }, 'no generator'],
    ['an unknown probe', { probes: 'remove,nope' }, 'unknown probe "nope"'],
    ['a bad --match', { match: 'fuzzy' }, '--match fuzzy: expected contains, exact or semantic:'],
    ['early stop without a gate', { earlyStop: true }, '--early-stop needs a gate'],
    ['a bad shard', { shard: '5/4' }, 'expected i/n'],
    [
      'attribution samples without --attribute',
      { attributionSamples: 8 },
      '--attribution-samples needs --attribute',
    ],
    [
      'a missing template',
      { template: '/nonexistent/template.txt' },
      '--template /nonexistent/template.txt: cannot read it (ENOENT)',
    ],
    ['--system for an exec generator', { system: 'Be brief.' }, '--system: the exec generator is given'],
    ['an empty --system', { generator: 'openai:m', system: ' ' }, '--system: the system message is empty'],
  ])('refuses %s', (_, flags, message) => {
    expect(() => resolve(flags as AuditInput)).toThrow(UsageError);
    expect(() => resolve(flags as AuditInput)).toThrow(message);
  });

  it('reads the template file once, with its name for messages', () => {
    const file = join(tempDir(), 'template.txt');
    writeFileSync(file, '{{passages}}\n{{question}}');
    expect(resolve({ template: file }).providers.generatorOptions).toMatchObject({
      template: '{{passages}}\n{{question}}',
      templateFile: file,
    });
  });

  it('passes --system to the generator options', () => {
    expect(resolve({ generator: 'openai:m', system: 'Be brief.' }).providers.generatorOptions.system).toBe(
      'Be brief.',
    );
  });
});
