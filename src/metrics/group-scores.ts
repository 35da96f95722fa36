import type { Diagnosis, ProbeResult } from '../model/types.js';

/** What a group's scores are computed from: a question's own scores and its probes. */
export interface GroupedQuestion {
  readonly reliance: number | null;
  readonly instability: number | null;
  readonly diagnosis: Diagnosis;
  readonly probes: readonly ProbeResult[];
}

/** The summary scores over one group of questions, as points (no intervals); docs/metrics.md. */
export interface GroupScores {
  readonly questions: number;
  /** Mean reliance over the group's questions that have one and are not abstained. */
  readonly reliance: number | null;
  /** Mean instability over the group's questions that have one. */
  readonly instability: number | null;
  /** Adopted / answered corrupt probes of the group's questions that are not abstained. */
  readonly adoption: number | null;
  readonly diagnoses: Readonly<Partial<Record<Diagnosis, number>>>;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The run's summary definitions of reliance, instability and adoption, applied to one group. */
export function groupScores(questions: readonly GroupedQuestion[]): GroupScores {
  const answering = questions.filter((question) => question.diagnosis !== 'abstained');
  const corrupt = answering.flatMap((question) =>
    question.probes.filter(
      (probe) =>
        probe.probe === 'corrupt' &&
        probe.applicable &&
        probe.error === undefined &&
        probe.changed !== undefined,
    ),
  );
  const diagnoses: Partial<Record<Diagnosis, number>> = {};
  for (const question of questions) diagnoses[question.diagnosis] = (diagnoses[question.diagnosis] ?? 0) + 1;
  return {
    questions: questions.length,
    reliance: mean(answering.flatMap((question) => (question.reliance === null ? [] : [question.reliance]))),
    instability: mean(
      questions.flatMap((question) => (question.instability === null ? [] : [question.instability])),
    ),
    adoption:
      corrupt.length === 0
        ? null
        : corrupt.filter((probe) => probe.outcome === 'adopted').length / corrupt.length,
    diagnoses,
  };
}
