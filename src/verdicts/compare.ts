import { exactMcNemar, holmAdjust } from '../metrics/mcnemar.js';
import { metricUnit } from '../metrics/metric-units.js';
import { pairedBootstrapDelta } from '../metrics/paired-bootstrap.js';
import { derivedRng } from '../metrics/random.js';
import type { CompareOptions, Comparison, MetricComparison, ProbeComparison } from '../model/comparison.js';
import { METRIC_DIRECTION, SCALAR_METRICS, type ScalarMetric } from '../model/gates.js';
import type { QuestionResult, Report, ReportSettings } from '../model/report.js';
import { PROBE_NAMES, type ProbeResult } from '../model/types.js';

function isWorse(metric: ScalarMetric, delta: number): boolean {
  return METRIC_DIRECTION[metric] === 'higher' ? delta < 0 : delta > 0;
}

function probeKey(result: ProbeResult): string {
  return result.rank === undefined ? result.probe : `${result.probe}#${result.rank}`;
}

function answered(result: ProbeResult | undefined): result is ProbeResult & { changed: boolean } {
  return result?.applicable === true && result.error === undefined && result.changed !== undefined;
}

function compareProbes(pairs: readonly (readonly [QuestionResult, QuestionResult])[]): ProbeComparison[] {
  return PROBE_NAMES.flatMap((probe) => {
    let count = 0;
    let changedBefore = 0;
    let changedAfter = 0;
    let stopped = 0;
    let started = 0;
    for (const [before, after] of pairs) {
      const afterByKey = new Map(after.probes.filter((p) => p.probe === probe).map((p) => [probeKey(p), p]));
      for (const result of before.probes.filter((p) => p.probe === probe)) {
        const other = afterByKey.get(probeKey(result));
        if (!answered(result) || !answered(other)) continue;
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
  const currentById = new Map(current.report.questions.map((q) => [q.id, q]));
  const baselineIds = new Set(baseline.report.questions.map((q) => q.id));
  const pairs = baseline.report.questions.flatMap((q) => {
    const other = currentById.get(q.id);
    return other === undefined ? [] : [[q, other] as const];
  });
  const level = 1 - options.alpha;
  const deltas = SCALAR_METRICS.map((metric) => ({
    metric,
    ...pairedBootstrapDelta(
      pairs.map(([before]) => metricUnit(before, metric)),
      pairs.map(([, after]) => metricUnit(after, metric)),
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
      generator: baseline.report.settings.generator,
      questions: baseline.report.questions.length,
    },
    current: {
      file: current.file,
      generator: current.report.settings.generator,
      questions: current.report.questions.length,
    },
    settingsChanged: settingsChanged(baseline.report.settings, current.report.settings),
    shared: pairs.length,
    onlyInBaseline: baseline.report.questions.filter((q) => !currentById.has(q.id)).map((q) => q.id),
    onlyInCurrent: current.report.questions.filter((q) => !baselineIds.has(q.id)).map((q) => q.id),
    metrics,
    probes: compareProbes(pairs),
    diagnosisChanges,
    regression: metrics.some((m) => m.regression),
  };
}
