import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Every layer below the engine, bottom first. */
const BELOW_ENGINE = [
  'model',
  'providers',
  'dataset',
  'metrics',
  'probes',
  'backends',
  'generators',
  'retrievers',
  'config',
  'verdicts',
  'engine/calls',
] as const;

/**
 * The one-way layers of docs/architecture.md: each folder of src/ and the folders of ours it may
 * import. A folder may always import itself. Anything not listed here is a wrong-way import.
 */
const LAYER_RULES: Readonly<Record<string, readonly string[]>> = {
  model: [],
  providers: ['model'],
  dataset: ['model'],
  metrics: ['model'],
  probes: ['model', 'metrics'],
  backends: ['model'],
  generators: ['model', 'providers', 'backends'],
  retrievers: ['model', 'providers', 'backends', 'dataset'],
  config: ['model', 'dataset', 'generators', 'retrievers'],
  verdicts: ['model', 'metrics', 'dataset'],
  'engine/calls': ['model', 'generators', 'retrievers'],
  engine: BELOW_ENGINE,
  report: ['model', 'metrics'],
  cli: [...BELOW_ENGINE, 'engine', 'report'],
  // src/index.ts, the programmatic API: everything but the CLI.
  '.': [...BELOW_ENGINE, 'engine', 'report'],
};

/** Only these may touch the process: argv, env, exit codes, the TTY. */
const PROCESS_OWNERS = new Set(['cli']);
const PROCESS_USE = /\bprocess\.(argv|env|exit|exitCode|stdout|stderr|stdin)\b/u;

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a file of src/ belongs to: its first folder, or engine/calls. */
function layerOf(file: string): string {
  const parts = relative(src, file).split(/[\\/]/u);
  if (parts.length === 1) return '.';
  if (parts[0] === 'engine' && parts[1] === 'calls' && parts.length > 2) return 'engine/calls';
  return parts[0] as string;
}

/** Every wrong-way import in `text` (the source of `file`), as "file: layer -> layer (spec)". */
function wrongWayImports(file: string, text: string): string[] {
  const from = layerOf(file);
  const allowed = LAYER_RULES[from];
  if (allowed === undefined) return [`${relative(root, file)}: folder "${from}" has no layer rule`];
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith('.')) return [];
    const target = posix.normalize(posix.join(dirname(file).split('\\').join('/'), fileName));
    const to = layerOf(target);
    if (to === from || allowed.includes(to)) return [];
    return [`${relative(root, file)}: ${from} -> ${to} (${fileName})`];
  });
}

describe('one-way layers', () => {
  const files = sourceFiles(src);

  it('has a rule for every folder of src/', () => {
    const layers = new Set(files.map(layerOf));
    expect([...layers].filter((layer) => LAYER_RULES[layer] === undefined)).toEqual([]);
  });

  it('imports only downward', () => {
    const wrong = files.flatMap((file) => wrongWayImports(file, readFileSync(file, 'utf8')));
    expect(wrong).toEqual([]);
  });

  it('catches a wrong-way import', () => {
    const file = join(src, 'report', 'table.ts');
    expect(wrongWayImports(file, "import { runAudit } from '../engine/audit.js';\n")).toEqual([
      'src/report/table.ts: report -> engine (../engine/audit.js)',
    ]);
    expect(wrongWayImports(join(src, 'model', 'types.ts'), "import '../metrics/match.js';\n")).toHaveLength(
      1,
    );
  });

  it('lets only the CLI read argv, the environment or the terminal', () => {
    const offenders = files.filter(
      (file) => !PROCESS_OWNERS.has(layerOf(file)) && PROCESS_USE.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
