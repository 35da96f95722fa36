/**
 * ragseam's programmatic API: the same functions the CLI calls.
 *
 * ```ts
 * import { audit } from 'ragseam';
 * const report = await audit({ dataset: rows, generator: async (question, passages) => answer });
 * ```
 * @packageDocumentation
 */

// Running an audit.
export type { AuditInput, AuditOptions, ProgressListener } from './config/audit-options.js';
export { AUDIT_DEFAULTS } from './config/audit-options.js';
export { parseProbeList, resolveAuditOptions } from './config/resolve-options.js';
// Inputs and providers.
export { loadDataset, loadRows } from './dataset/load-dataset.js';
export { audit, runAudit } from './engine/audit.js';
export { type DemoResult, demoAuditInput, runDemo } from './engine/demo.js';
export { estimateAudit } from './engine/estimate-audit.js';
export type { GenerateFunction } from './generators/function.js';
export { createGenerator, GENERATORS } from './generators/registry.js';
export type { BatchGenerator, Generation, GenerationRequest, Generator } from './generators/types.js';
export { isAbstention } from './metrics/abstention.js';
// Matching and scores.
export { answersMatch, type MatchMode } from './metrics/match.js';
export { normalizeAnswer } from './metrics/normalize.js';
export { diagnose, questionScores, summarize } from './metrics/scores.js';
// Reports and verdicts.
export type { CompareOptions, Comparison } from './model/comparison.js';
export type { DryRunEstimate } from './model/dry-run.js';
export {
  ConfigError,
  ExitCode,
  InputError,
  InternalError,
  InterruptedError,
  ProviderError,
  RagseamError,
  UsageError,
} from './model/errors.js';
export type { EarlyStopOptions, Gate, GateBasis, GateMetric, GateResult } from './model/gates.js';
export type { Estimate, QuestionResult, Report, ReportSettings, Summary } from './model/report.js';
export { SCHEMA_VERSION } from './model/report.js';
export type { Diagnosis, Item, Passage, ProbeName, ProbeResult } from './model/types.js';
export { PROBES } from './probes/registry.js';
export type { Probe } from './probes/types.js';
// Rendering.
export { renderHtml } from './report/html.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderComparisonMarkdown, renderMarkdown } from './report/markdown.js';
export { renderTable } from './report/table.js';
export { createRetriever, RETRIEVERS } from './retrievers/registry.js';
export type { Retriever } from './retrievers/types.js';
export { compareReports } from './verdicts/compare.js';
export { evaluateGates, parseGates } from './verdicts/gates.js';
export { mergeReports } from './verdicts/merge.js';
export { readReport } from './verdicts/read-report.js';
export { checkErrorRate, compareWithBaseline, gatesPassed } from './verdicts/run-policy.js';
