import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose, questionScores, summarize } from '../../src/metrics/scores.js';
import { type QuestionResult, type Report, SCHEMA_VERSION } from '../../src/model/report.js';
import type { ProbeResult } from '../../src/model/types.js';

/** What a synthetic question's probes did: which evidence-altering probes changed the answer. */
export interface SyntheticQuestion {
  readonly id: string;
  /** remove / swap / corrupt changed the answer (corrupt: adopted when true, kept when false). */
  readonly altering: readonly [boolean, boolean, boolean];
  /** shuffle changed the answer. */
  readonly shuffled?: boolean;
  /** leave-one-out at ranks 1..n changed the answer. */
  readonly influence?: readonly boolean[];
  readonly passages?: readonly { id: string; title?: string; text: string }[];
  readonly question?: string;
  readonly answer?: string;
}

/** A question result as the runner would produce it for the synthetic behaviour. */
export function syntheticQuestion(spec: SyntheticQuestion): QuestionResult {
  const baseline = spec.answer ?? `answer ${spec.id}`;
  const [removed, swapped, corrupted] = spec.altering;
  const influence = spec.influence ?? [spec.altering.some(Boolean), false];
  const probes: ProbeResult[] = [
    {
      probe: 'remove',
      family: 'altering',
      applicable: true,
      answer: removed ? 'unknown' : baseline,
      changed: removed,
    },
    {
      probe: 'swap',
      family: 'altering',
      applicable: true,
      answer: swapped ? 'other' : baseline,
      changed: swapped,
      source: 'x',
    },
    {
      probe: 'corrupt',
      family: 'altering',
      applicable: true,
      answer: corrupted ? 'substitute' : baseline,
      changed: corrupted,
      outcome: corrupted ? 'adopted' : 'kept',
      target: baseline,
      substitute: 'substitute',
    },
    ...influence.map((changed, index) => ({
      probe: 'leave-one-out' as const,
      family: 'attribution' as const,
      applicable: true,
      rank: index + 1,
      answer: changed ? 'unknown' : baseline,
      changed,
    })),
    {
      probe: 'shuffle',
      family: 'preserving',
      applicable: true,
      answer: spec.shuffled === true ? 'drift' : baseline,
      changed: spec.shuffled === true,
    },
  ];
  const { reliance, instability } = questionScores(probes);
  return {
    id: spec.id,
    question: spec.question ?? `What is question ${spec.id}?`,
    answers: [baseline],
    passages:
      spec.passages ??
      influence.map((_, index) => ({
        id: `${spec.id}-p${index + 1}`,
        text: `Passage ${index + 1} says ${baseline}.`,
      })),
    baseline,
    target: baseline,
    reliance,
    instability,
    diagnosis: diagnose(reliance, instability),
    probes,
  };
}

/** A whole report over synthetic questions, summarised the way the runner summarises. */
export function syntheticReport(specs: readonly SyntheticQuestion[], generator = 'exec:synthetic'): Report {
  const questions = specs.map((spec, index) => ({ ...syntheticQuestion(spec), line: index + 1 }));
  const summary = summarize(questions, { seed: 0, resamples: 500 });
  const calls = questions.reduce((sum, q) => sum + 1 + q.probes.length, 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ragseam', version: '0.0.0-test' },
    settings: {
      dataset: 'synthetic.jsonl',
      generator,
      retriever: 'dataset',
      topK: 5,
      probes: ['remove', 'swap', 'corrupt', 'leave-one-out', 'shuffle'],
      seed: 0,
      match: 'contains',
      resamples: 500,
    },
    summary: { ...summary, replayAgreement: null, calls, errors: 0 },
    gates: [],
    questions,
    run: { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 0, liveCalls: calls, cacheHits: 0, retried: 0 },
  };
}

/** `count` questions; the first `grounded` rely on their passages fully, the rest not at all. */
export function groundedSpecs(count: number, grounded: number, prefix = 'q'): SyntheticQuestion[] {
  return Array.from({ length: count }, (_, index) => {
    const relies = index < grounded;
    return { id: `${prefix}${index}`, altering: [relies, relies, relies] as const };
  });
}

export function writeReport(dir: string, name: string, report: Report): string {
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
