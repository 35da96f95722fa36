import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs ES module code as a user of the package would: `import … from 'ragseam'` (the built package). */
function runModule(code: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The README section's code block and the output block after it. */
function readmeExample(): { code: string; output: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Programmatic use'));
  const [, code = '', output = ''] = /```js\n([\s\S]*?)```\s*```\n([\s\S]*?)```/u.exec(section) ?? [];
  return { code, output };
}

describe('programmatic API', () => {
  it("runs the README's example: rows in memory, a function generator, a gate", () => {
    const { code, output } = readmeExample();
    expect(code).toContain("from 'ragseam'");
    const result = runModule(code);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Hand-checked: "capital" never changes (reliance 0), "founder" changes under remove and swap
    // (reliance 1), so the mean is 0.5 and the 0.4 gate passes.
    expect(result.stdout).toBe(output);
  });

  it('audit() works with defaults only and reports what it ran', () => {
    const result = runModule(`
      import { audit } from 'ragseam';
      const report = await audit({
        dataset: [{ question: 'Who wrote it?', answers: ['Ann'], passages: ['Ann wrote it.', 'Bob read it.'] }],
        generator: (question, passages) => (passages.some((p) => p.text.includes('Ann')) ? 'Ann' : 'nobody'),
      });
      console.log(JSON.stringify({ settings: report.settings, diagnosis: report.questions[0].diagnosis }));
    `);
    expect(result.stderr).toBe('');
    const { settings, diagnosis } = JSON.parse(result.stdout);
    expect(settings).toMatchObject({
      dataset: '(in memory)',
      generator: 'function:generator',
      retriever: 'dataset',
      topK: 5,
      seed: 0,
      match: 'contains',
      resamples: 1000,
      probes: ['remove', 'swap', 'corrupt', 'leave-one-out', 'shuffle', 'distractor', 'solo', 'gold'],
    });
    expect(diagnosis).toBe('grounded');
  });

  it('refuses bad rows in memory with the row number, and a generator that returns no answer', () => {
    const bad = runModule(`
      import { audit } from 'ragseam';
      try { await audit({ dataset: [{ question: 'q1' }, { question: 7 }], generator: () => 'x' }); }
      catch (error) { console.log(error.name, error.message); }
    `);
    expect(bad.stdout).toContain('InputError (in memory):2: "question" must be a string (got number)');
    const noAnswer = runModule(`
      import { audit } from 'ragseam';
      try { await audit({ dataset: [{ question: 'q1', passages: ['p'] }], generator: () => 42 }); }
      catch (error) { console.log(error.name, error.message); }
    `);
    expect(noAnswer.stdout).toMatch(/ProviderError function:generator returned no answer/u);
  });

  it('readReport validates with the schema, reads versions 1 and 2 and refuses an unknown schemaVersion', () => {
    const dir = tempDir();
    const report = join(dir, 'report.json');
    const future = join(dir, 'future.json');
    const broken = join(dir, 'broken.json');
    const made = runModule(`
      import { audit, renderJson } from 'ragseam';
      import { writeFileSync } from 'node:fs';
      const report = await audit({ dataset: [{ question: 'q', passages: ['p'] }], generator: () => 'a' });
      writeFileSync(${JSON.stringify(report)}, renderJson(report));
    `);
    expect(made.stderr).toBe('');
    const saved = JSON.parse(readFileSync(report, 'utf8'));
    writeFileSync(future, JSON.stringify({ ...saved, schemaVersion: 3 }));
    const older = join(dir, 'older.json');
    writeFileSync(older, JSON.stringify({ ...saved, schemaVersion: 1 }));
    saved.questions[0].diagnosis = 'constructor';
    writeFileSync(broken, JSON.stringify(saved));
    const read = (file: string) =>
      runModule(`
        import { readReport } from 'ragseam';
        try { console.log('ok', readReport(${JSON.stringify(file)}).questions.length); }
        catch (error) { console.log(error.name, error.message); }
      `).stdout;
    expect(saved.schemaVersion).toBe(2);
    expect(read(report)).toBe('ok 1\n');
    // A version-1 report still reads, as a baseline for compare and merge.
    expect(read(older)).toBe('ok 1\n');
    expect(read(future)).toContain('report schemaVersion 3 is not one this ragseam reads (it reads 1 and 2)');
    expect(read(broken)).toContain('questions[0].diagnosis');
  });
});
