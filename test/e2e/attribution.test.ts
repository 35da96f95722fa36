import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { firstLines, writeStationDataset } from '../helpers/datasets.js';

const CORPUS = 'fixtures/world/corpus.jsonl';
const READER = `exec:node ${join(ROOT, 'fixtures/examples/reader.mjs')}`;

interface Sentence {
  rank: number;
  start: number;
  end: number;
  text: string;
  weight: number;
}
interface Attribution {
  scoring: string;
  samples: number;
  heldOut: number;
  sentences: Sentence[];
  lds: number | null;
  dependsOnContext: boolean;
}
interface Question {
  id: string;
  question: string;
  answers: string[];
  baseline: string;
  attribution?: Attribution;
}

/** `probe` on a dataset with the exec reader, the remove probe only, and --attribute. */
const readerArgs = (dataset: string, ...extra: string[]) => [
  'probe',
  dataset,
  '-g',
  READER,
  '--probes',
  'remove',
  '--attribute',
  ...extra,
];

const top = (attribution: Attribution) =>
  attribution.sentences.reduce((best, s) => (s.weight > best.weight ? s : best));

describe('--attribute', () => {
  it('on the exec reader: the stated fact carries the weight, memorised answers do not depend on the context, the cache answers a rerun', async () => {
    const dir = tempDir();
    // Every third question is "What is the capital of France?", which the reader answers from memory.
    const dataset = writeStationDataset(dir, 9, 3);
    const args = readerArgs(dataset, '--cache', join(dir, 'cache'));
    const first = await runCli([...args, '--out', join(dir, 'first.json')]);
    expect(first.warnings).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8'));
    expect(report.settings.attribution).toEqual({ samples: 32, heldOut: 8 });
    for (const question of report.questions as Question[]) {
      const attribution = question.attribution as Attribution;
      expect(attribution.scoring).toBe('match');
      expect(attribution.samples + attribution.heldOut).toBe(40);
      // "The keeper of Station i is Keeper i." / "It is old." / "Station i stands on hill number i."
      expect(attribution.sentences.map((s) => s.rank)).toEqual([1, 1, 2]);
      if (question.question.includes('France')) {
        expect(attribution.dependsOnContext).toBe(false);
        expect(attribution.sentences.every((s) => s.weight === 0)).toBe(true);
      } else {
        expect(attribution.dependsOnContext).toBe(true);
        expect(top(attribution).text).toBe(
          `The keeper of Station ${question.id.slice(1)} is Keeper${question.id.slice(1)}.`,
        );
        expect(top(attribution).weight).toBeGreaterThan(0.9);
        expect(attribution.lds).toBe(1);
      }
    }
    expect(report.summary.attribution).toEqual({
      questions: 9,
      meanLds: 1,
      ldsQuestions: 6,
      contextIndependent: 3,
    });
    // 9 baselines, 9 remove probes, 9 x 40 masks.
    expect(report.summary.calls).toBe(9 + 9 + 9 * 40);

    const again = await runCli([...args, '--out', join(dir, 'again.json')]);
    expect(again.code).toBe(0);
    const rerun = JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8'));
    expect(rerun.run.liveCalls).toBe(0);
    expect(rerun.questions.map((q: Question) => q.attribution)).toEqual(
      report.questions.map((q: Question) => q.attribution),
    );

    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/│ attribution\s+│ 360\s+│/u);
    expect(dry.stdout).toContain('generator calls: exactly 378');

    const grounded = await runCli(['explain', join(dir, 'first.json'), 'q1']);
    expect(grounded.stdout).toContain('«The keeper of Station 1 is Keeper1.»');
    expect(grounded.stdout).toMatch(
      /sentences the answer depends on\n {2}32 ablations .*; LDS 1\.00 on 8 held out\n {2}\+(?:0\.9\d|1\.00) {2}passage 1 {2}The keeper of Station 1 is Keeper1\./u,
    );
    const memorised = await runCli(['explain', join(dir, 'first.json'), 'q0']);
    expect(memorised.stdout).toContain('the answer does not depend on the context');

    const html = join(dir, 'report.html');
    expect((await runCli([...args, '--html', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain(
      '<mark class="attributed">The keeper of Station 1 is Keeper1.</mark>',
    );
  }, 60_000);

  it('works with --early-stop: the questions probed carry their attribution', async () => {
    const dir = tempDir();
    const dataset = writeStationDataset(dir, 20, 0);
    const result = await runCli([
      ...readerArgs(dataset),
      '--attribution-samples',
      '8',
      '--no-cache',
      '--early-stop',
      '--fail-under',
      'reliance=0.5',
      '--early-stop-batch',
      '5',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.earlyStop.stoppedEarly).toBe(true);
    expect(report.questions.length).toBe(report.earlyStop.questionsProbed);
    for (const question of report.questions as Question[])
      expect(question.attribution?.dependsOnContext).toBe(true);
  }, 60_000);

  it('on the bundled coupled model: the top sentence states the answer, and the reader sees it', async () => {
    const dataset = firstLines('fixtures/world/demo.jsonl', 8);
    const dir = tempDir();
    const out = join(dir, 'coupled.json');
    const result = await runCli([
      'probe',
      dataset,
      '-g',
      'transformers:fixtures/models/coupled',
      '-r',
      `bm25:${CORPUS}`,
      '-k',
      '3',
      '--probes',
      'remove',
      '--attribute',
      '--attribution-samples',
      '16',
      '--no-cache',
      '--offline',
      '--out',
      out,
    ]);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.settings.attribution).toEqual({ samples: 16, heldOut: 4 });
    const answered = (report.questions as Question[]).filter((q) =>
      q.baseline.toLowerCase().includes((q.answers[0] as string).toLowerCase()),
    );
    expect(answered.length).toBeGreaterThanOrEqual(6);
    const stating = answered.filter((q) =>
      top(q.attribution as Attribution)
        .text.toLowerCase()
        .includes((q.answers[0] as string).toLowerCase()),
    );
    expect(stating.length / answered.length).toBeGreaterThanOrEqual(0.8);
    expect(report.summary.attribution.meanLds).toBeGreaterThan(0.5);
    expect(result.stdout).toMatch(/attribution\s+│ mean LDS \d\.\d\d \(n=\d+\)/u);
  }, 120_000);

  it('--attribution-samples without --attribute is a usage error', async () => {
    const dir = tempDir();
    const result = await runCli([
      'probe',
      writeStationDataset(dir, 2, 0),
      '-g',
      READER,
      '--attribution-samples',
      '8',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--attribution-samples needs --attribute');
  });
});
