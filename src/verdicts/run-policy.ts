import type { Comparison } from '../model/comparison.js';
import type { Report } from '../model/report.js';
import { comparedQuestion, compareRuns } from './compare.js';

export { checkErrorRate } from './error-rate.js';

import { readReportQuestions } from './read-report.js';

/** Whether every gate of the report passed (vacuously true without gates). */
export function gatesPassed(report: Report): boolean {
  return report.gates.every((gate) => gate.passed);
}

/** The comparison of a run with a previous report (`--baseline`), as the Markdown summary shows it. */
export function compareWithBaseline(report: Report, baselineFile: string): Comparison {
  const baseline = readReportQuestions(baselineFile, comparedQuestion);
  return compareRuns(
    { file: baselineFile, settings: baseline.report.settings, questions: baseline.questions },
    { file: 'this run', settings: report.settings, questions: report.questions.map(comparedQuestion) },
    {
      alpha: 0.05,
      minDrop: 0,
      metrics: ['reliance', 'adoption', 'instability'],
      resamples: 2000,
      seed: report.settings.seed,
    },
  );
}
