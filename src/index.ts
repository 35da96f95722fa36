/**
 * ragseam's programmatic API: the same functions the CLI calls.
 * @packageDocumentation
 */
export { type AuditOptions, createMatcher, runAudit } from './core/audit.js';
export { type AnswerCache, cacheKey, memoryCache, openAnswerCache } from './core/cache.js';
export { type CompareOptions, type Comparison, compareReports } from './core/compare.js';
export { type Config, loadConfig, parseConfig } from './core/config.js';
export { loadDataset, parseItem } from './core/dataset.js';
export { type DemoResult, demoAuditOptions, runDemo } from './core/demo.js';
export { type DryRunEstimate, estimateRun } from './core/dry-run.js';
export {
  ConfigError,
  ExitCode,
  InputError,
  InternalError,
  InterruptedError,
  ProviderError,
  RagseamError,
  UsageError,
} from './core/errors.js';
export { estimateAudit } from './core/estimate-audit.js';
export { evaluateGates, type Gate, type GateResult, parseGates } from './core/gates.js';
export { mergeReports } from './core/merge.js';
export { buildReport, type Report, type ReportSettings, SCHEMA_VERSION } from './core/report.js';
export {
  type QuestionResult,
  type RunEnvironment,
  type RunResult,
  type RunSettings,
  runProbeSuite,
} from './core/runner.js';
export type { Diagnosis, Item, Passage, ProbeName, ProbeResult } from './core/types.js';
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
export { diagnose, questionScores, type Summary, summarize } from './metrics/scores.js';
export { PROBES } from './probes/registry.js';
export { renderHtml } from './report/html.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderComparisonMarkdown, renderMarkdown } from './report/markdown.js';
export { renderTable } from './report/table.js';
export { createRetriever, RETRIEVERS } from './retrievers/registry.js';
export type { Retriever } from './retrievers/types.js';
