import { ProviderError } from '../model/errors.js';
import type { Report } from '../model/report.js';

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
