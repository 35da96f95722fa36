import { exactMcNemar, holmAdjust } from '../metrics/mcnemar.js';
import { type MetricUnit, metricUnit } from '../metrics/metric-units.js';
import { pairedBootstrapDelta } from '../metrics/paired-bootstrap.js';
import { derivedRng } from '../metrics/random.js';
import type { CompareOptions, Comparison, MetricComparison, ProbeComparison } from '../model/comparison.js';
import { METRIC_DIRECTION, SCALAR_METRICS, type ScalarMetric } from '../model/gates.js';
import type { QuestionResult, Report, ReportSettings } from '../model/report.js';
import { PROBE_NAMES, type ProbeName, type ProbeResult } from '../model/types.js';

function isWorse(metric: ScalarMetric, delta: number): boolean {
  return METRIC_DIRECTION[metric] === 'higher' ? delta < 0 : delta > 0;
}

/** Each key made, once: a million questions share a few dozen (`leave-one-out#3`). */
const probeKeys = new Map<string, string>();

function probeKey(result: ProbeResult): string {
  if (result.rank === undefined) return result.probe;
  const key = `${result.probe}#${result.rank}`;
  const known = probeKeys.get(key);
  if (known !== undefined) return known;
  probeKeys.set(key, key);
  return key;
}

function answered(result: ProbeResult | undefined): result is ProbeResult & { changed: boolean } {
  return result?.applicable === true && result.error === undefined && result.changed !== undefined;
}

/**
 * What a comparison needs of one question, and no more: its metric units, its answered probes'
 * outcomes and its diagnosis. Comparing two reports of a million questions holds these, not the
 * questions with their passages and answers.
 */
export interface ComparedQuestion {
  readonly id: string;
  readonly question: string;
  readonly diagnosis: QuestionResult['diagnosis'];
  readonly reliance: number | null;
  /** Each of {@link SCALAR_METRICS}' units in order: numerator, denominator. */
  readonly units: Float64Array;
  /** Each probe result: its probe, its key (`probe#rank`), whether the answer changed (null: no outcome). */
  readonly probes: readonly {
    readonly probe: ProbeName;
    readonly key: string;
    readonly changed: boolean | null;
  }[];
}

/** The part of a question a comparison reads. */
export function comparedQuestion(question: QuestionResult): ComparedQuestion {
  const units = new Float64Array(2 * SCALAR_METRICS.length);
  SCALAR_METRICS.forEach((metric, index) => {
    const unit = metricUnit(question, metric);
    units[2 * index] = unit.numerator;
    units[2 * index + 1] = unit.denominator;
  });
  return {
    id: question.id,
    question: question.question,
    diagnosis: question.diagnosis,
    reliance: question.reliance,
    units,
    probes: question.probes.map((result) => ({
      probe: result.probe,
      key: probeKey(result),
      changed: answered(result) ? result.changed : null,
    })),
  };
}

function unitOf(question: ComparedQuestion, metricIndex: number): MetricUnit {
  return {
    numerator: question.units[2 * metricIndex] as number,
    denominator: question.units[2 * metricIndex + 1] as number,
  };
}

function compareProbes(pairs: readonly (readonly [ComparedQuestion, ComparedQuestion])[]): ProbeComparison[] {
  return PROBE_NAMES.flatMap((probe) => {
    let count = 0;
    let changedBefore = 0;
    let changedAfter = 0;
    let stopped = 0;
    let started = 0;
    for (const [before, after] of pairs) {
      const afterByKey = new Map(after.probes.filter((p) => p.probe === probe).map((p) => [p.key, p]));
      for (const result of before.probes.filter((p) => p.probe === probe)) {
        const other = afterByKey.get(result.key);
        if (result.changed === null || other === undefined || other.changed === null) continue;
        count++;
        if (result.changed) changedBefore++;
        if (other.changed) changedAfter++;
        if (result.changed && !other.changed) stopped++;
        if (!result.changed && other.changed) started++;
      }
    }
    if (count === 0) return [];
    return [
      {
        probe,
        pairs: count,
        changedBefore,
        changedAfter,
        stoppedChanging: stopped,
        startedChanging: started,
        pValue: exactMcNemar(stopped, started),
      },
    ];
  });
}

function settingsChanged(before: ReportSettings, after: ReportSettings): Comparison['settingsChanged'] {
  const keys = ['generator', 'retriever', 'dataset', 'topK', 'probes', 'seed', 'match'] as const;
  return keys.flatMap((key) => {
    const a = String(before[key]);
    const b = String(after[key]);
    return a === b ? [] : [{ setting: key, before: a, after: b }];
  });
}

/** One side of a comparison: a report's file, settings and questions as {@link comparedQuestion} reads them. */
export interface ComparedRun {
  readonly file: string;
  readonly settings: ReportSettings;
  readonly questions: readonly ComparedQuestion[];
}

/**
 * Compares two reports question by question: for every scalar metric the change with a paired
 * bootstrap interval over the questions both runs share; for every probe an exact McNemar test
 * on the paired "changed" outcomes; the questions whose diagnosis moved; and the questions found
 * in only one run (listed, never silently dropped).
 */
export function compareReports(
  baseline: { file: string; report: Report },
  current: { file: string; report: Report },
  options: CompareOptions,
): Comparison {
  const run = ({ file, report }: { file: string; report: Report }): ComparedRun => ({
    file,
    settings: report.settings,
    questions: report.questions.map(comparedQuestion),
  });
  return compareRuns(run(baseline), run(current), options);
}

/** {@link compareReports} of two runs read as {@link ComparedQuestion}s. */
export function compareRuns(
  baseline: ComparedRun,
  current: ComparedRun,
  options: CompareOptions,
): Comparison {
  const currentById = new Map(current.questions.map((q) => [q.id, q]));
  const baselineIds = new Set(baseline.questions.map((q) => q.id));
  const pairs = baseline.questions.flatMap((q) => {
    const other = currentById.get(q.id);
    return other === undefined ? [] : [[q, other] as const];
  });
  const level = 1 - options.alpha;
  const deltas = SCALAR_METRICS.map((metric, index) => ({
    metric,
    ...pairedBootstrapDelta(
      pairs.map(([before]) => unitOf(before, index)),
      pairs.map(([, after]) => unitOf(after, index)),
      derivedRng(options.seed, 'compare', metric),
      { resamples: options.resamples, level },
    ),
  }));
  const checked = deltas.filter((d) => options.metrics.includes(d.metric) && d.pValue !== null);
  const holm = holmAdjust(checked.map((d) => d.pValue as number));
  const adjusted = new Map(checked.map((d, index) => [d.metric, holm[index] as number]));
  const metrics: MetricComparison[] = deltas.map((d) => {
    const adjustedP = adjusted.get(d.metric) ?? null;
    const significant = adjustedP !== null && adjustedP <= options.alpha;
    const worse = d.delta !== null && isWorse(d.metric, d.delta);
    return {
      ...d,
      direction: METRIC_DIRECTION[d.metric],
      checked: options.metrics.includes(d.metric),
      adjustedP,
      regression: significant && worse && Math.abs(d.delta ?? 0) > options.minDrop,
      improvement: significant && !worse && d.delta !== 0,
    };
  });
  const diagnosisChanges = pairs
    .filter(([before, after]) => before.diagnosis !== after.diagnosis)
    .map(([before, after]) => ({
      id: before.id,
      question: before.question,
      before: before.diagnosis,
      after: after.diagnosis,
      relianceBefore: before.reliance,
      relianceAfter: after.reliance,
    }));
  return {
    options,
    baseline: {
      file: baseline.file,
      generator: baseline.settings.generator,
      questions: baseline.questions.length,
    },
    current: {
      file: current.file,
      generator: current.settings.generator,
      questions: current.questions.length,
    },
    settingsChanged: settingsChanged(baseline.settings, current.settings),
    shared: pairs.length,
    onlyInBaseline: baseline.questions.filter((q) => !currentById.has(q.id)).map((q) => q.id),
    onlyInCurrent: current.questions.filter((q) => !baselineIds.has(q.id)).map((q) => q.id),
    metrics,
    probes: compareProbes(pairs),
    diagnosisChanges,
    regression: metrics.some((m) => m.regression),
  };
}
