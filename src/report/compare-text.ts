import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Comparison, MetricComparison } from '../model/comparison.js';

import { formatShare, truncate } from './format.js';

/** A signed change as "+0.05" / "-0.12"; "–" when there is none. */
export function formatDelta(value: number | null): string {
  if (value === null) return '–';
  const text = Math.abs(value).toFixed(2);
  if (text === '0.00') return '0.00';
  return `${value < 0 ? '-' : '+'}${text}`;
}

/** A p-value as "0.003", "<0.001" or "1.00". */
export function formatP(value: number | null): string {
  if (value === null) return '–';
  if (value < 0.001) return '<0.001';
  return value < 0.01 ? value.toFixed(3) : value.toFixed(2);
}

/** "[-0.20, -0.05]" */
export function formatDeltaInterval(interval: readonly [number, number] | null): string {
  return interval === null ? '' : `[${formatDelta(interval[0])}, ${formatDelta(interval[1])}]`;
}

/** The cells of a metric's comparison row before its verdict: both values, the change, its interval, p. */
export function metricCells(m: MetricComparison): string[] {
  return [
    m.metric,
    formatShare(m.before),
    formatShare(m.after),
    formatDelta(m.delta),
    formatDeltaInterval(m.interval),
    m.checked ? `${formatP(m.pValue)} (${formatP(m.adjustedP)})` : formatP(m.pValue),
  ];
}

/** "regression", "improvement", "not checked" or "no significant change", for one metric. */
export function metricVerdict(metric: MetricComparison, alpha: number): string {
  if (metric.delta === null) return 'no value';
  if (!metric.checked) return 'not checked';
  if (metric.regression) return 'regression';
  if (metric.improvement) return 'improvement';
  if (metric.adjustedP !== null && metric.adjustedP <= alpha) return 'worse, within --min-drop';
  return 'no significant change';
}

/** The comparison for a terminal: metric changes, probe McNemar tests, moved and unmatched questions. */
export function renderComparison(comparison: Comparison, chalk: ChalkInstance): string {
  const level = Math.round((1 - comparison.options.alpha) * 100);
  const style = { head: [], border: [], 'padding-left': 1, 'padding-right': 1 };
  const metrics = new Table({
    head: ['metric', 'before', 'after', 'change', `${level}% CI`, 'p (Holm)', 'verdict'].map((h) =>
      chalk.bold(h),
    ),
    style,
  });
  for (const m of comparison.metrics) {
    const verdict = metricVerdict(m, comparison.options.alpha);
    const coloured = m.regression
      ? chalk.red(verdict)
      : m.improvement
        ? chalk.green(verdict)
        : chalk.dim(verdict);
    metrics.push([...metricCells(m), coloured]);
  }
  const probes = new Table({
    head: ['probe', 'pairs', 'changed before', 'changed after', 'stopped/started', 'McNemar p'].map((h) =>
      chalk.bold(h),
    ),
    style,
  });
  for (const p of comparison.probes) {
    probes.push([
      p.probe,
      p.pairs,
      p.changedBefore,
      p.changedAfter,
      `${p.stoppedChanging}/${p.startedChanging}`,
      formatP(p.pValue),
    ]);
  }
  const lines = [
    `${chalk.bold('ragseam compare')} ${comparison.baseline.file} -> ${comparison.current.file}`,
    `${comparison.shared} shared questions (baseline ${comparison.baseline.questions}, current ${comparison.current.questions})`,
  ];
  for (const change of comparison.settingsChanged)
    lines.push(`${change.setting}: ${change.before} -> ${change.after}`);
  lines.push(metrics.toString());
  lines.push(
    chalk.dim(
      `paired bootstrap over shared questions (${comparison.options.resamples} resamples); regression: Holm-adjusted p <= ${comparison.options.alpha} and worse by more than ${comparison.options.minDrop}`,
    ),
  );
  if (comparison.probes.length > 0) lines.push(probes.toString());
  if (comparison.diagnosisChanges.length > 0) {
    const count = comparison.diagnosisChanges.length;
    lines.push(chalk.bold(`diagnosis changed on ${count} question${count === 1 ? '' : 's'}`));
    for (const q of comparison.diagnosisChanges.slice(0, 10)) {
      lines.push(`  ${q.id}: ${q.before} -> ${q.after} (${truncate(q.question, 50)})`);
    }
    if (comparison.diagnosisChanges.length > 10)
      lines.push(chalk.dim(`  ... ${comparison.diagnosisChanges.length - 10} more in --format json`));
  }
  if (comparison.onlyInBaseline.length > 0)
    lines.push(
      `only in baseline (${comparison.onlyInBaseline.length}): ${comparison.onlyInBaseline.join(', ')}`,
    );
  if (comparison.onlyInCurrent.length > 0)
    lines.push(
      `only in current (${comparison.onlyInCurrent.length}): ${comparison.onlyInCurrent.join(', ')}`,
    );
  const regressions = comparison.metrics.filter((m) => m.regression).map((m) => m.metric);
  lines.push(
    regressions.length > 0
      ? chalk.red(`significant regression: ${regressions.join(', ')}`)
      : chalk.green('no significant regression'),
  );
  return `${lines.join('\n')}\n`;
}
