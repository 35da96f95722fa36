import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const WORLD = 'fixtures/examples/world.jsonl';
const READER = 'exec:node fixtures/examples/reader.mjs';

/**
 * Answer types, adoption by type and the abstention rate in every view. On the example world the
 * corrupt outcomes are known: people (lighthouse, observatory) adopted 2 of 2, places (france kept,
 * river and fleet adopted) 2 of 3, the year (guild) 1 of 1, the number (water, kept) 0 of 1; no
 * baseline abstains.
 */
describe('answer types and abstentions in the reports', () => {
  it('table, Markdown, HTML and explain show them', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const markdown = join(dir, 'summary.md');
    const html = join(dir, 'report.html');
    const run = await runCli([
      'probe',
      WORLD,
      '-g',
      READER,
      '--no-cache',
      '--out',
      out,
      '--markdown',
      markdown,
      '--html',
      html,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/abstention rate\s*│ 0\.00/u);
    expect(run.stdout).toMatch(/ {2}place\s*│ 0\.67 \(n=3\)/u);
    expect(run.stdout).toMatch(/ {2}person\s*│ 1\.00 \(n=2\)/u);

    expect(readFileSync(markdown, 'utf8')).toContain(
      'Adoption by answer type (adopted/answered corrupt probes): place 0.67 (2/3) · person 1.00 (2/2) · number 0.00 (0/1) · year 1.00 (1/1).',
    );
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="answer-types">');
    expect(page).toContain('<tr><td>place</td><td>0.67</td><td>2</td><td>3</td></tr>');
    expect(page).toContain('corrupt (person: &quot;Ilse Marrow&quot; → &quot;Pell Ardent&quot;)');

    const explained = await runCli(['explain', out, 'river']);
    expect(explained.stdout).toContain('"Brask Glacier" replaced by "Calder Bay" (place)');
    expect(explained.stdout).toContain(
      'answer type: place · in this report: place adoption 0.67 (2/3), abstention rate 0.00',
    );
  });
});
