import { z } from 'zod';
import { GATE_BASES, SCALAR_METRICS } from './gates.js';
import { type QuestionResult, READABLE_SCHEMA_VERSIONS, type Report } from './report.js';
import { DIAGNOSES, PROBE_NAMES } from './types.js';

// Objects are loose: a report may carry fields this version does not know of (they pass through),
// but every field ragseam reads is checked. docs/report-schema.md describes each one.
const share = z.number().min(0).max(1);
const interval = z.tuple([z.number(), z.number()]);
const estimate = z.looseObject({
  value: share.nullable(),
  ci95: interval.nullable(),
  n: z.number().int().min(0),
});
const count = z.number().int().min(0);

const passage = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  text: z.string(),
  score: z.number().optional(),
});

const probeResult = z.looseObject({
  probe: z.enum(PROBE_NAMES),
  family: z.enum(['altering', 'preserving', 'attribution']),
  rank: z.number().int().min(1).optional(),
  applicable: z.boolean(),
  reason: z.string().optional(),
  answer: z.string().optional(),
  changed: z.boolean().optional(),
  outcome: z.enum(['adopted', 'kept', 'other']).optional(),
  target: z.string().optional(),
  substitute: z.string().optional(),
  source: z.string().optional(),
  error: z.string().optional(),
  logprobs: z.array(z.number()).optional(),
  a0Logprob: z.number().max(0).optional(),
  logprobDrop: z.number().optional(),
  probabilityDrop: z.number().min(-1).max(1).optional(),
});

const effectSizes = z.looseObject({
  scoring: z.enum(['teacher-forced', 'generated']),
  reliance: estimate,
  instability: estimate,
  baselineProbability: share.nullable(),
  adoptionByConfidence: z.array(
    z.looseObject({
      from: share,
      to: share,
      questions: count,
      adopted: count,
      answered: count,
      adoption: estimate,
    }),
  ),
});

const attribution = z.looseObject({
  scoring: z.enum(['logprob', 'match']),
  samples: count,
  heldOut: count,
  errors: count,
  sentences: z.array(
    z.looseObject({
      rank: z.number().int().min(1),
      start: count,
      end: count,
      text: z.string(),
      weight: z.number(),
    }),
  ),
  intercept: z.number(),
  lambda: z.number().min(0),
  lds: z.number().min(-1).max(1).nullable(),
  dependsOnContext: z.boolean(),
});

const question = z.looseObject({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  passages: z.array(passage),
  baseline: z.string().nullable(),
  loggedResponse: z.string().optional(),
  replayMatch: z.boolean().optional(),
  error: z.string().optional(),
  target: z.string().nullable(),
  reliance: share.nullable(),
  instability: share.nullable(),
  a0Logprob: z.number().max(0).optional(),
  effects: z.looseObject({ reliance: share.nullable(), instability: share.nullable() }).optional(),
  diagnosis: z.enum(DIAGNOSES as readonly [string, ...string[]]),
  probes: z.array(probeResult),
  attribution: attribution.optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  line: z.number().int().min(1),
});

const gate = z.looseObject({
  metric: z.enum(SCALAR_METRICS),
  kind: z.enum(['min', 'max']),
  threshold: share,
  value: z.number().nullable(),
  ci95: interval.nullable(),
  n: count,
  basis: z.enum(GATE_BASES),
  checked: z.number().nullable(),
  passed: z.boolean(),
  by: z.number().nullable(),
  margin: z.number().nullable(),
});

const reportSchema = z.looseObject({
  schemaVersion: z.union(READABLE_SCHEMA_VERSIONS.map((version) => z.literal(version))),
  tool: z.looseObject({ name: z.literal('ragseam'), version: z.string() }),
  settings: z.looseObject({
    dataset: z.string(),
    generator: z.string(),
    retriever: z.string(),
    topK: z.number().int().min(1),
    probes: z.array(z.string()),
    seed: z.number().int().min(0),
    match: z.string(),
    resamples: z.number().int().min(1),
    shard: z.looseObject({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
    attribution: z.looseObject({ samples: z.number().int().min(1), heldOut: count }).optional(),
  }),
  summary: z.looseObject({
    questions: count,
    reliance: estimate,
    adoption: estimate,
    instability: estimate,
    influenceByRank: z.array(share.nullable()),
    topPassageUse: share.nullable(),
    deadPassageRate: share.nullable(),
    diagnoses: z.record(z.string(), count),
    probes: z.record(z.string(), z.looseObject({ applicable: count, notApplicable: count, errors: count })),
    replayAgreement: estimate.nullable(),
    attribution: z
      .looseObject({
        questions: count,
        meanLds: z.number().min(-1).max(1).nullable(),
        ldsQuestions: count,
        contextIndependent: count,
      })
      .optional(),
    effectSizes: effectSizes.optional(),
    calls: count,
    errors: count,
  }),
  gates: z.array(gate),
  earlyStop: z.looseObject({}).optional(),
  questions: z.array(question),
  run: z.looseObject({
    startedAt: z.string(),
    durationMs: z.number(),
    liveCalls: count,
    cacheHits: count,
    retried: count,
  }),
});

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./u, '');
}

/** The problems as `path: message` lines (at most five), each path under `prefix`. */
function problemsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: PropertyKey[] = [],
) {
  return issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${issuePath([...prefix, ...issue.path]) || '(top level)'}: ${issue.message.replace(/^Invalid input: /u, '')}`,
    );
}

/** Why this ragseam cannot read a value as a report by its `schemaVersion`, or undefined when it can. */
export function versionProblem(value: unknown): string | undefined {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof value !== 'object' || value === null || version === undefined) {
    return 'not a ragseam report (it has no "schemaVersion")';
  }
  if (!(READABLE_SCHEMA_VERSIONS as readonly unknown[]).includes(version)) {
    return `report schemaVersion ${JSON.stringify(version)} is not one this ragseam reads (it reads ${READABLE_SCHEMA_VERSIONS.join(' and ')})`;
  }
  return undefined;
}

/**
 * Checks a parsed JSON value against the report schema. Returns the report, or the problems as
 * `path: message` lines (at most five); an unknown `schemaVersion` is one clear problem.
 */
export function checkReport(value: unknown): { report: Report } | { problems: string[] } {
  const problem = versionProblem(value);
  if (problem !== undefined) return { problems: [problem] };
  const result = reportSchema.safeParse(value);
  if (result.success) return { report: result.data as unknown as Report };
  return { problems: problemsOf(result.error.issues) };
}

/**
 * Checks one question of a report, the one at `index` of its `questions`, for a report read a
 * question at a time: the problems name it as {@link checkReport} would (`questions[3].diagnosis`).
 */
export function checkQuestion(
  value: unknown,
  index: number,
): { question: QuestionResult } | { problems: string[] } {
  const result = question.safeParse(value);
  if (result.success) return { question: result.data as unknown as QuestionResult };
  return { problems: problemsOf(result.error.issues, ['questions', index]) };
}
