import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { syntheticReport } from '../helpers/reports.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const XSD = readFileSync(join(ROOT, 'test/fixtures/junit-report.xsd'), 'utf8');
const GOLDEN = join(ROOT, 'test/golden/world-report.md');

async function validJunit(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [XSD] });
  return result.errors.map((error) => error.rawMessage);
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  parseTagValue: false,
});

describe('reports from one probe run', () => {
  let dir: string;
  let junit: string;
  let markdown: string;
  let html: string;
  let code: number | null;
  beforeAll(async () => {
    dir = tempDir();
    // The baseline: the same run in which "france" was still grounded, so the delta table has a change.
    const base = await runCli([
      'probe',
      'fixtures/examples/world.jsonl',
      '-g',
      READER,
      '--no-cache',
      '--format',
      'json',
    ]);
    const baseline = JSON.parse(base.stdout);
    baseline.questions = baseline.questions.map(
      (q: { id: string; probes: { family: string; changed?: boolean; outcome?: string }[] }) =>
        q.id !== 'france'
          ? q
          : {
              ...q,
              reliance: 1,
              diagnosis: 'grounded',
              probes: q.probes.map((p) =>
                p.family === 'altering'
                  ? { ...p, changed: true, ...(p.outcome === undefined ? {} : { outcome: 'adopted' }) }
                  : p,
              ),
            },
    );
    writeFileSync(join(dir, 'main.json'), JSON.stringify(baseline));
    const args = ['probe', 'fixtures/examples/world.jsonl', '-g', READER, '--no-cache', '--format', 'json'];
    const gates = ['--fail-under', 'reliance=0.7,adoption=0.5', '--max', 'instability=0.1'];
    const outputs = [
      '--junit',
      join(dir, 'r.xml'),
      '--markdown',
      join(dir, 'r.md'),
      '--html',
      join(dir, 'r.html'),
      '--baseline',
      join(dir, 'main.json'),
    ];
    const result = await runCli([...args, ...gates, ...outputs]);
    code = result.code;
    junit = readFileSync(join(dir, 'r.xml'), 'utf8');
    markdown = readFileSync(join(dir, 'r.md'), 'utf8');
    html = readFileSync(join(dir, 'r.html'), 'utf8');
  });

  it('writes every report before exiting 1 on the failed gate', () => {
    expect(code).toBe(1);
  });

  it('JUnit: valid against the strict JUnit schema and reads back as one case per question and per gate', async () => {
    expect(await validJunit(junit)).toEqual([]);
    const doc = parser.parse(junit);
    const suites = asArray(doc.testsuites.testsuite);
    expect(suites.map((s: { name: string }) => s.name)).toEqual([
      'ragseam questions',
      'ragseam seam',
      'ragseam gates',
    ]);
    expect(doc.testsuites).toMatchObject({ tests: '19', failures: '5', errors: '0' });
    const [questions, seam, gates] = suites as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    // One seam case per question with gold answers: orchard (no passages, wrong answer, no gold
    // evidence) fails as evidence-missing; the other seven are ok.
    expect(seam).toMatchObject({ tests: '8', failures: '1' });
    const seamCases = asArray(seam.testcase as Record<string, unknown>[]);
    const orchard = seamCases.find((c) => String(c.name).startsWith('orchard:'));
    expect(orchard?.classname).toBe('ragseam.seam.evidence-missing');
    expect(((orchard?.failure ?? {}) as Record<string, string>).type).toBe('evidence-missing');
    expect(questions).toMatchObject({ tests: '8', failures: '3', skipped: '1' });
    const cases = asArray(questions.testcase as Record<string, unknown>[]);
    const byId = new Map(cases.map((c) => [String(c.name).split(':')[0], c]));
    // parametric and brittle fail, with the probe answers in the message; grounded and partial pass.
    const failureOf = (id: string) => (byId.get(id)?.failure ?? {}) as Record<string, string>;
    const france = failureOf('france');
    expect(france.type).toBe('parametric');
    expect(france.message).toContain('baseline "Paris"');
    expect(france.message).toMatch(/remove "Paris" \(same\)/);
    expect(france['#text']).toContain('passages by rank:');
    expect(failureOf('river').type).toBe('brittle');
    expect(failureOf('river').message).toMatch(/shuffle "[^"]+" \(changed\)/);
    expect(byId.get('lighthouse')?.failure).toBeUndefined();
    expect(byId.get('fleet')?.failure).toBeUndefined();
    expect(byId.get('orchard')?.skipped).toBeDefined();
    const gateCases = asArray(gates.testcase as Record<string, unknown>[]);
    expect(gateCases.map((c) => c.name)).toEqual([
      'reliance >= 0.7',
      'adoption >= 0.5',
      'instability <= 0.1',
    ]);
    expect(((gateCases[0]?.failure ?? {}) as Record<string, string>).message).toMatch(
      /^gate reliance >= 0.7: failed by 0.08; value 0.62 \[/,
    );
    expect(gateCases[1]?.failure).toBeUndefined();
    const properties = new Map(
      asArray((questions.properties as { property: { name: string; value: string }[] }).property).map((p) => [
        p.name,
        p.value,
      ]),
    );
    expect(properties.get('reliance')).toBe('0.62');
    expect(properties.get('diagnoses.parametric')).toBe('2');
    expect(properties.get('generator')).toBe(READER);
  });

  it('JUnit: escapes markup and characters XML forbids', async () => {
    const report = syntheticReport([
      {
        id: 'a&b',
        altering: [false, false, false],
        question: 'Is 1 < 2 & "x" > \'y\'?\u0001',
        answer: '</failure><x/>',
      },
    ]);
    const xml = renderJunit(report);
    expect(await validJunit(xml)).toEqual([]);
    const doc = parser.parse(xml);
    const testcase = asArray(doc.testsuites.testsuite)[0].testcase;
    // Parsed back, the text is exactly what went in (bar the forbidden control character).
    expect(testcase.name).toBe('a&b: Is 1 < 2 & "x" > \'y\'?\uFFFD');
    expect(testcase.failure.message).toContain('baseline "</failure><x/>"');
    expect(xml).toContain('a&amp;b: Is 1 &lt; 2 &amp; &quot;x&quot; &gt; &apos;y&apos;?\uFFFD');
  });

  it('Markdown: matches the golden file (normalised)', () => {
    const normalised = markdown.replaceAll(dir, '<tmp>');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, normalised);
    expect(normalised).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(normalised).toContain('| `reliance >= 0.7` | point value: 0.62 |');
    expect(normalised).toContain('### Change from baseline');
  });

  it('HTML: one self-contained file with the charts, the filters and the drill-down', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('id="influence-chart"');
    expect(html).toContain('id="diagnosis-chart"');
    expect(html).toContain('id="adoption-chart"');
    expect(html.match(/<details class="question"/g)).toHaveLength(8);
    expect(html).toContain('data-filter="parametric"');
  });

  it('HTML: a passage or answer containing <script> shows as text', () => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
    const report = syntheticReport([
      {
        id: 'x"><script>1</script>',
        altering: [true, false, true],
        question: `Why ${hostile}?`,
        answer: hostile,
        passages: [{ id: 'p1', title: '<b>title</b>', text: `The answer is ${hostile}.` }],
        influence: [true],
      },
    ]);
    const page = renderHtml(report);
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>title</b>');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(page).toContain('data-id="x&quot;&gt;&lt;script&gt;1&lt;/script&gt;"');
    // The page's own script is the only one.
    expect(page.match(/<script>/g)).toHaveLength(1);
  });
});
