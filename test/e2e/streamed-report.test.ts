import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import { estimateMetric } from '../../src/metrics/metric-units.js';
import { derivedRng } from '../../src/metrics/random.js';
import { summarizeReplay } from '../../src/metrics/replay.js';
import { summarize } from '../../src/metrics/scores.js';
import type { Report } from '../../src/model/report.js';
import { renderJson } from '../../src/report/json.js';
import { readReport } from '../../src/verdicts/read-report.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const COPIES = 80;

/** The example world, 80 times over under new ids: 640 questions, more than two windows of 256. */
function largerWorld(dir: string): string {
  const rows = readFileSync(join(ROOT, 'fixtures/examples/world.jsonl'), 'utf8').trim().split('\n');
  const lines: string[] = [];
  for (let copy = 0; copy < COPIES; copy++) {
    for (const row of rows) {
      const value = JSON.parse(row) as { id: string };
      lines.push(JSON.stringify({ ...value, id: `${value.id}-${copy}` }));
    }
  }
  const file = join(dir, 'world-640.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const withoutRun = (report: Report) =>
  renderJson({ ...report, run: { ...report.run, startedAt: '', durationMs: 0 } });
const GATES = ['--max', 'topPassageUse=0.99,deadPassageRate=0.99', '--gate-on', 'lower-bound'];

describe('the streamed report', () => {
  it('equals the report held in memory, byte for byte, and passes the schema', async () => {
    const dir = tempDir();
    const dataset = largerWorld(dir);
    const out = join(dir, 'streamed.json');
    const streamed = await runCli(['probe', dataset, '-g', READER, '--no-cache', ...GATES, '--out', out]);
    expect(streamed.warnings).toBe('');
    expect(streamed.code).toBe(0);
    expect(readReport(out).questions).toHaveLength(rows(dataset));
    const written = JSON.parse(readFileSync(out, 'utf8')) as Report;

    // The programmatic API keeps every question in memory: the same numbers, the same bytes.
    const held = await audit({
      dataset,
      generator: READER,
      cache: false,
      version: written.tool.version,
      gates: [
        { metric: 'topPassageUse', kind: 'max', threshold: 0.99 },
        { metric: 'deadPassageRate', kind: 'max', threshold: 0.99 },
      ],
      gateOn: 'lower-bound',
    });
    expect(withoutRun(written)).toBe(withoutRun(held));
    expect(readFileSync(out, 'utf8')).toBe(renderJson(written));

    // JSON on stdout is assembled the same way.
    const stdout = await runCli(['probe', dataset, '-g', READER, '--no-cache', ...GATES, '--format', 'json']);
    expect(withoutRun(JSON.parse(stdout.stdout) as Report)).toBe(withoutRun(written));
  }, 240_000);

  it('folds the same summary and gate intervals as the list of questions gives', async () => {
    const dir = tempDir();
    const dataset = largerWorld(dir);
    const out = join(dir, 'streamed.json');
    expect((await runCli(['probe', dataset, '-g', READER, '--no-cache', ...GATES, '--out', out])).code).toBe(
      0,
    );
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    const options = { seed: report.settings.seed, resamples: report.settings.resamples };
    const { replayAgreement, calls, errors, ...folded } = report.summary;
    expect(JSON.stringify(summarize(report.questions, options))).toBe(JSON.stringify(folded));
    expect(summarizeReplay(report.questions, options)).toEqual(replayAgreement);
    for (const gate of report.gates) {
      const metric = gate.metric as 'topPassageUse' | 'deadPassageRate';
      const fromList = estimateMetric(
        report.questions,
        metric,
        derivedRng(options.seed, 'bootstrap', metric),
        options.resamples,
      );
      expect(gate.ci95).toEqual(fromList.ci95);
      expect(gate.ci95).not.toBeNull();
    }
  }, 240_000);

  it('prints the same table from the worst questions kept as from every question read back', async () => {
    const dir = tempDir();
    const dataset = largerWorld(dir);
    const sampled = await runCli(['probe', dataset, '-g', READER, '--no-cache', '--format', 'table']);
    const full = await runCli([
      'probe',
      dataset,
      '-g',
      READER,
      '--no-cache',
      '--format',
      'table',
      '--junit',
      join(dir, 'every-question.xml'),
    ]);
    expect(sampled.code).toBe(0);
    expect(sampled.stdout).toContain('worst questions');
    expect(sampled.stdout).toBe(full.stdout);
  }, 240_000);
});

function rows(file: string): number {
  return readFileSync(file, 'utf8').trim().split('\n').length;
}
