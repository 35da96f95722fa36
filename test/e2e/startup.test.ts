import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

// What start-up loads, not how long it takes: a command's help or --version must not load the
// engine, the reporters, zod or a model backend, and a plain probe run must not load what only
// another command, another report format or another provider kind needs (docs/performance.md,
// "Start-up").

const REGISTER_HOOK = pathToFileURL(join(ROOT, 'test/fixtures/module-log/register.mjs')).href;
const WORLD = join(ROOT, 'fixtures/examples/world.jsonl');
const READER = `exec:node ${join(ROOT, 'fixtures/examples/reader.mjs')}`;

/** Runs the CLI with the module-log hook; returns the run and the modules it loaded, as paths under the project (packages as `node_modules/<name>/...`). */
async function loadedBy(args: readonly string[], cwd?: string) {
  const log = join(tempDir('ragseam-modules-'), 'modules.txt');
  writeFileSync(log, '');
  const result = await runCli(args, {
    nodeArgs: ['--import', REGISTER_HOOK],
    env: { MODULE_LOG_FILE: log },
    ...(cwd === undefined ? {} : { cwd }),
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(ROOT, fileURLToPath(url)).replace(/^.*node_modules\//u, 'node_modules/'));
  return { result, modules };
}

/** What no command's help or --version may load: everything that only running a command needs. */
const NOT_AT_START = [
  /^dist\/(engine|report|metrics|probes|generators|retrievers|backends|verdicts|dataset\/(?!readers\/formats\.js))\//u,
  /^dist\/cli\/commands\/run-/u,
  /^node_modules\/(zod|tinyglobby|cli-table3|shell-quote|@huggingface|onnxruntime|apache-arrow)\//u,
];

/**
 * What a plain `probe` (exec generator, dataset passages, a table) must not load. The engine's
 * own BM25 (gold evidence), the OpenAI defaults the guards name and the HTML escaping the table
 * shares are allowed.
 */
const NOT_IN_PLAIN_PROBE = [
  /^dist\/report\/(html|html-(?!charts)[\w-]+|markdown|seam-markdown|junit|compare-text|inspect-[\w-]+)\.js$/u,
  /^dist\/verdicts\/(compare|merge|read-report|run-policy)\.js$/u,
  /^dist\/cli\/commands\/run-(compare|merge|inspect|explain|demo|init)\.js$/u,
  /^dist\/(backends|generators\/(transformers|http)|retrievers\/(dense|http))\//u,
  /^dist\/generators\/openai\/(?!options\.js)/u,
  /^dist\/(model\/report-schema|config\/config-file|config\/config-json-schema)\.js$/u,
  /^node_modules\/(zod|tinyglobby|@huggingface|onnxruntime|apache-arrow)\//u,
];

function matching(modules: readonly string[], patterns: readonly RegExp[]): string[] {
  return modules.filter((module) => patterns.some((pattern) => pattern.test(module)));
}

describe('start-up loads only what the command needs', () => {
  it.each([[['--version']], [['--help']], [['probe', '--help']], [['inspect', '--help']]])(
    'ragseam %j loads the CLI and nothing of the engine, the reporters or zod',
    async (args) => {
      const { result, modules } = await loadedBy(args);
      expect(result.code).toBe(0);
      // The hook saw the CLI load, so an empty list below means something.
      expect(modules).toContain('dist/cli/main.js');
      expect(modules).toContain('dist/cli/probe-flags.js');
      expect(matching(modules, NOT_AT_START)).toEqual([]);
    },
  );

  it('a plain probe run loads the engine but no other report format, command, provider kind or zod', async () => {
    const cwd = tempDir();
    const { result, modules } = await loadedBy(['probe', WORLD, '-g', READER, '--no-cache'], cwd);
    expect(result.code).toBe(0);
    expect(modules).toContain('dist/engine/audit.js');
    expect(modules).toContain('dist/generators/exec/index.js');
    expect(matching(modules, NOT_IN_PLAIN_PROBE)).toEqual([]);
  });

  it('asking for the HTML report or giving a config file loads them', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'ragseam.config.json'), '{}\n');
    const args = ['probe', WORLD, '-g', READER, '--no-cache', '--html', join(cwd, 'report.html')];
    const { result, modules } = await loadedBy(args, cwd);
    expect(result.code).toBe(0);
    expect(modules).toContain('dist/report/html.js');
    expect(modules).toContain('dist/config/config-file.js');
    expect(modules.some((module) => module.startsWith('node_modules/zod/'))).toBe(true);
  });
});
