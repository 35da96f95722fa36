import type { QuestionResult } from '../model/report.js';
import type { ProbeResult } from '../model/types.js';
import { formatShare } from './format.js';
import { seamLabel } from './seam-text.js';

function probeKey(probe: ProbeResult): string {
  return probe.rank === undefined ? probe.probe : `${probe.probe} (rank ${probe.rank})`;
}

function answerOf(probe: ProbeResult | undefined): string {
  if (probe === undefined || !probe.applicable) return 'n/a';
  if (probe.error !== undefined) return 'error';
  return JSON.stringify(probe.answer ?? '');
}

/**
 * What changed between two inspections of the same question (`inspect -i` after an edit): the
 * baseline answer, the diagnosis, the seam, reliance, and every probe whose answer differs. One line each;
 * "nothing changed" when they agree.
 */
export function compareInspections(before: QuestionResult, after: QuestionResult): string[] {
  const lines: string[] = [];
  if (before.baseline !== after.baseline)
    lines.push(`baseline answer: ${JSON.stringify(before.baseline)} → ${JSON.stringify(after.baseline)}`);
  if (before.diagnosis !== after.diagnosis) lines.push(`diagnosis: ${before.diagnosis} → ${after.diagnosis}`);
  if (seamLabel(before) !== seamLabel(after)) lines.push(`seam: ${seamLabel(before)} → ${seamLabel(after)}`);
  if (before.reliance !== after.reliance)
    lines.push(`reliance: ${formatShare(before.reliance)} → ${formatShare(after.reliance)}`);
  const earlier = new Map(before.probes.map((probe) => [probeKey(probe), probe]));
  const keys = [...new Set([...earlier.keys(), ...after.probes.map(probeKey)])];
  const now = new Map(after.probes.map((probe) => [probeKey(probe), probe]));
  for (const key of keys) {
    const was = answerOf(earlier.get(key));
    const is = answerOf(now.get(key));
    if (was !== is) lines.push(`${key}: ${was} → ${is}`);
  }
  return lines.length === 0 ? ['nothing changed'] : lines;
}
