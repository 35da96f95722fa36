/**
 * ragseam's programmatic API: the same functions the CLI calls.
 * @packageDocumentation
 */

export { type Config, loadConfig, parseConfig } from './config/config-file.js';
export { loadDataset, parseItem } from './dataset/load-dataset.js';
export { type AuditOptions, createMatcher, runAudit } from './engine/audit.js';
export { buildReport } from './engine/build-report.js';
export { type AnswerCache, cacheKey, memoryCache, openAnswerCache } from './engine/calls/answer-cache.js';
export { type DemoResult, demoAuditOptions, runDemo } from './engine/demo.js';
export { estimateRun } from './engine/dry-run.js';
export { estimateAudit } from './engine/estimate-audit.js';
export {
  type RunEnvironment,
  type RunResult,
  type RunSettings,
  runProbeSuite,
} from './engine/runner.js';
export { createGenerator, GENERATORS } from './generators/registry.js';
export type {
  BatchGenerator,
  Generation,
  GenerationRequest,
  Generator,
  GeneratorOptions,
} from './generators/types.js';
export { answersMatch, type MatchMode } from './metrics/match.js';
export { lexicalMatcher, type Matcher } from './metrics/matcher.js';
export { isAbstention, normalizeAnswer } from './metrics/normalize.js';
export { diagnose, questionScores, summarize } from './metrics/scores.js';
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
export type { Gate, GateBasis, GateResult } from './model/gates.js';
export {
  type QuestionResult,
  type Report,
  type ReportSettings,
  SCHEMA_VERSION,
  type Summary,
} from './model/report.js';
export type { Diagnosis, Item, Passage, ProbeName, ProbeResult } from './model/types.js';
export { PROBES } from './probes/registry.js';
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
