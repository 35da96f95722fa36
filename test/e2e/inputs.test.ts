import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchemaJson } from '../../src/config/config-json-schema.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const WORLD = join(ROOT, 'fixtures/examples/world.jsonl');
const READER = `exec:node ${join(ROOT, 'fixtures/examples/reader.mjs')}`;

describe('merge, the config file and its schema', () => {
  it("merge expands a quoted glob ('shard-*.json') in name order", async () => {
    const dir = tempDir();
    for (const index of [1, 2, 3]) {
      const shard = await runCli([
        'probe',
        WORLD,
        '-g',
        READER,
        '--no-cache',
        '--shard',
        `${index}/3`,
        '--out',
        join(dir, `shard-${index}.json`),
      ]);
      expect(shard.code).toBe(0);
    }
    const merged = await runCli(['merge', 'shard-*.json', '--format', 'json'], { cwd: dir });
    expect(merged.warnings).toBe('');
    expect(JSON.parse(merged.stdout).summary.questions).toBe(8);
    const none = await runCli(['merge', 'nothing-*.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: no file matches nothing-*.json');
  });

  it('finds ragseam.config.json in a parent folder, and init points it at the shipped JSON Schema', async () => {
    const dir = tempDir();
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    const text = readFileSync(join(dir, 'ragseam.config.json'), 'utf8');
    const schemaRef = /"\$schema": "([^"]+)"/.exec(text)?.[1] ?? '';
    expect(resolve(dir, schemaRef)).toBe(join(ROOT, 'schema/ragseam.config.schema.json'));
    writeFileSync(join(dir, 'ragseam.config.json'), text.replace('"topK": 5', '"topK": 1'));
    const deep = join(dir, 'a/b');
    mkdirSync(deep, { recursive: true });
    const probe = await runCli(
      ['probe', WORLD, '-g', READER, '--no-cache', '--format', 'json', '--probes', 'remove'],
      { cwd: deep },
    );
    expect(probe.code).toBe(0);
    expect(JSON.parse(probe.stdout).settings.topK).toBe(1);
    // A typo in the parent's file names the file as found from where ragseam runs.
    writeFileSync(join(dir, 'ragseam.config.json'), '{"probe": {"topk": 1}}');
    const typo = await runCli(['probe', WORLD, '-g', READER], { cwd: deep });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(join('..', '..', 'ragseam.config.json'));
  });

  it('the shipped schema is the config schema as the code checks it (npm run schema rewrites it)', () => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'schema/ragseam.config.schema.json'), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(configSchemaJson())));
    expect(shipped.properties.probe.additionalProperties).toBe(false);
  });
});
