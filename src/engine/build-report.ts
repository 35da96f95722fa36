import type { EarlyStopSummary, GateResult } from '../model/gates.js';
import { type Report, type ReportSettings, SCHEMA_VERSION } from '../model/report.js';

import type { RunResult } from './runner.js';

export function buildReport(options: {
  version: string;
  settings: ReportSettings;
  result: RunResult;
  gates: readonly GateResult[];
  earlyStop?: EarlyStopSummary | undefined;
  /** Questions read back from the result journal rather than run. */
  resumed?: number;
  startedAt: Date;
  durationMs: number;
}): Report {
  const { result } = options;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ragseam', version: options.version },
    settings: options.settings,
    summary: {
      ...result.summary,
      replayAgreement: result.replayAgreement,
      calls: result.calls,
      errors: result.errors,
    },
    gates: options.gates,
    ...(options.earlyStop === undefined ? {} : { earlyStop: options.earlyStop }),
    questions: result.questions,
    run: {
      startedAt: options.startedAt.toISOString(),
      durationMs: Math.round(options.durationMs),
      liveCalls: result.counts.liveCalls,
      cacheHits: result.counts.cacheHits,
      retried: result.counts.retried,
      ...(result.scoreCounts === undefined ? {} : { scoring: result.scoreCounts }),
      ...(options.resumed === undefined || options.resumed === 0 ? {} : { resumed: options.resumed }),
    },
  };
}
