import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, resolveLayers, stripJsonComments } from '../../src/config/config-file.js';
import { STARTER_CONFIG } from '../../src/config/config-template.js';
import { settingsFromConfig, settingsFromEnv } from '../../src/config/settings-layers.js';
import { ConfigError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/cli.js';

describe('resolveLayers: flags > environment > config file > defaults', () => {
  const defaults = {
    concurrency: 4,
    timeoutMs: 60_000,
    retriever: 'dataset',
    rateLimit: undefined as number | undefined,
  };
  it.each([
    ['defaults only', {}, {}, {}, defaults],
    ['file over defaults', {}, {}, { concurrency: 8 }, { ...defaults, concurrency: 8 }],
    ['env over file', {}, { concurrency: 16 }, { concurrency: 8 }, { ...defaults, concurrency: 16 }],
    [
      'flag over env and file',
      { concurrency: 2 },
      { concurrency: 16 },
      { concurrency: 8 },
      { ...defaults, concurrency: 2 },
    ],
    [
      'each key on its own',
      { retriever: 'bm25:c.jsonl' },
      { timeoutMs: 5000 },
      { concurrency: 8, rateLimit: 60 },
      { concurrency: 8, timeoutMs: 5000, retriever: 'bm25:c.jsonl', rateLimit: 60 },
    ],
    [
      'undefined never overrides',
      { concurrency: undefined },
      {},
      { concurrency: 8 },
      { ...defaults, concurrency: 8 },
    ],
  ])('%s', (_, flags, env, file, expected) => {
    const resolved = resolveLayers({ flags, env, file, defaults });
    expect(resolved).toEqual(expected);
    expect(Object.isFrozen(resolved)).toBe(true);
  });
});

describe('settingsFromEnv', () => {
  it('reads the documented variables and checks numbers', () => {
    expect(
      settingsFromEnv({
        RAGSEAM_CONCURRENCY: '8',
        RAGSEAM_RATE_LIMIT: '90.5',
        OPENAI_BASE_URL: 'http://localhost:8000/v1',
        RAGSEAM_INPUT_FORMAT: 'ragas',
        RAGSEAM_RETRIES: '0',
        OPENAI_API_KEY: 'sk-not-a-setting',
        RAGSEAM_TOP_K: '',
      }),
    ).toEqual({
      concurrency: 8,
      rateLimit: 90.5,
      baseUrl: 'http://localhost:8000/v1',
      inputFormat: 'ragas',
      retries: 0,
    });
    expect(() => settingsFromEnv({ RAGSEAM_CONCURRENCY: 'four' })).toThrow(
      /RAGSEAM_CONCURRENCY="four": expected a whole number/,
    );
    expect(() => settingsFromEnv({ RAGSEAM_RATE_LIMIT: '0' })).toThrow(ConfigError);
    expect(() => settingsFromEnv({ RAGSEAM_INPUT_FORMAT: 'csv' })).toThrow(
      /expected one of auto, ragseam, ragas, ragchecker/,
    );
  });
});

describe('config file', () => {
  it('the file ragseam init writes parses, comments and all', () => {
    const config = parseConfig(STARTER_CONFIG, 'ragseam.config.json');
    expect(config.probe?.generator).toBe('openai:gpt-4o-mini');
    expect(config.http?.retriever?.passagesPath).toBe('passages');
    expect(settingsFromConfig(config)).toMatchObject({
      probes: 'remove,swap,corrupt,leave-one-out,shuffle,distractor,solo,gold',
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      logprobs: true,
    });
  });

  it('strips comments but not comment-like text inside strings, keeping offsets', () => {
    const text = '{ // a comment\n "url": "http://x/*y*/", /* block\n */ "a": "//" }';
    const stripped = stripJsonComments(text);
    expect(stripped.length).toBe(text.length);
    expect(JSON.parse(stripped)).toEqual({ url: 'http://x/*y*/', a: '//' });
  });

  it.each([
    ['{"probe": {"topk": 5}}', 'cfg.json: probe: unknown key "topk"'],
    ['{"probe": {"concurrency": 0}}', 'cfg.json: probe.concurrency: Too small: expected number to be >=1'],
    [
      '{"openai": {"apiKeyEnv": "sk-123"}}',
      'cfg.json: openai.apiKeyEnv: must be an environment variable name',
    ],
    ['{"openai": {"baseUrl": "not a url"}}', 'cfg.json: openai.baseUrl: Invalid URL'],
    [
      '{"http": {"generator": {"headers": {"X": 1}}}}',
      'cfg.json: http.generator.headers.X: expected string, received number',
    ],
    ['{"probe": {"match": "fuzzy"}}', 'cfg.json: probe.match:'],
    ['{"probe": ', 'cfg.json: not valid JSON'],
    ['[]', 'cfg.json: (top level): expected object, received array'],
  ])('%s -> %s', (text, message) => {
    expect(() => parseConfig(text, 'cfg.json')).toThrow(ConfigError);
    expect(() => parseConfig(text, 'cfg.json')).toThrow(message);
  });

  it('lists every problem at once', () => {
    expect(() => parseConfig('{"probe": {"topK": "5", "seeed": 1}}', 'c.json')).toThrow(
      /c\.json: 2 problems:\n {2}probe\.topK: expected number, received string\n {2}probe: unknown key "seeed"|c\.json: 2 problems:\n {2}probe: unknown key "seeed"\n {2}probe\.topK/,
    );
  });

  it('is optional in the working directory, required when named, and resolves its paths against itself', () => {
    const dir = tempDir();
    expect(loadConfig(undefined, dir)).toEqual({ file: undefined, config: {} });
    expect(() => loadConfig(join(dir, 'missing.json'), dir)).toThrow(
      /config file .*: cannot read it \(ENOENT\)/,
    );
    mkdirSync(join(dir, 'conf'));
    writeFileSync(
      join(dir, 'conf', 'ragseam.config.json'),
      '{"probe": {"template": "prompt.txt", "cache": "../cache"}}',
    );
    const loaded = loadConfig(join(dir, 'conf', 'ragseam.config.json'), dir);
    expect(loaded.config.probe).toEqual({
      template: join(dir, 'conf', 'prompt.txt'),
      cache: join(dir, 'cache'),
    });
  });
});
