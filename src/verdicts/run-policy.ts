import type { Comparison } from '../model/comparison.js';
import { ProviderError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { compareReports } from './compare.js';
import { readReport } from './read-report.js';

/**
 * Refuses a run whose share of failed calls is above `maxErrorRate`: its scores are unreliable.
 * Called after every report is written, so nothing is lost.
 */
export function checkErrorRate(report: Report, maxErrorRate: number): void {
  const { calls, errors } = report.summary;
  if (calls > 0 && errors / calls > maxErrorRate) {
    throw new ProviderError(
      `${errors} of ${calls} generator calls failed (more than ${maxErrorRate * 100}%); the report was written but its scores are unreliable`,
      { hint: 'see the "error" fields in the report; run again to retry only the failed calls' },
    );
  }
}

/** Whether every gate of the report passed (vacuously true without gates). */
export function gatesPassed(report: Report): boolean {
  return report.gates.every((gate) => gate.passed);
}

/** The comparison of a run with a previous report (`--baseline`), as the Markdown summary shows it. */
export function compareWithBaseline(report: Report, baselineFile: string): Comparison {
  return compareReports(
    { file: baselineFile, report: readReport(baselineFile) },
    { file: 'this run', report },
    {
      alpha: 0.05,
      minDrop: 0,
      metrics: ['reliance', 'adoption', 'instability'],
      resamples: 2000,
      seed: report.settings.seed,
    },
  );
}
