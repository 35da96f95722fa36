import { phraseReplacer } from '../metrics/normalize.js';
import type { QuestionResult, Report } from '../model/report.js';
import type { ProbeResult } from '../model/types.js';
import { adoptionByTypeRows, type TypeAdoption } from './answer-types.js';
import { truncate } from './format.js';
import { seamLabel } from './seam-text.js';

/** A stretch of passage text around a corrupt probe's change: `before`, target → substitute, `after`. */
export interface ChangeSnippet {
  readonly passageId: string;
  /** Text pieces; between two consecutive pieces the target was replaced by the substitute. */
  readonly pieces: readonly string[];
  readonly target: string;
  readonly substitute: string;
}

/** One passage as inspected: its rank, text and what leaving it out did. */
export interface InspectedPassage {
  readonly rank: number;
  readonly id: string;
  readonly title?: string;
  readonly text: string;
  /** The retriever's score, when it gave one. */
  readonly score?: number;
  /** Solo at this rank: whether the passage alone gives a right answer; null when not probed. */
  readonly useful: boolean | null;
  /** Leave-one-out at this rank: the answer without it and whether it changed; null when not run. */
  readonly without: { readonly answer: string | null; readonly changed: boolean | null } | null;
}

/** One probe as inspected: what was changed, the answer, and whether it changed. */
export interface InspectedProbe extends ProbeResult {
  /** What the probe did to the passages, in words. */
  readonly change: string;
  /** Corrupt only: where in the passages the fact was replaced. */
  readonly snippet?: ChangeSnippet;
}

/** Everything `inspect` and `explain` show about one question, as data (`--format json`). */
export interface Inspection {
  readonly id: string;
  readonly question: string;
  readonly answers: readonly string[];
  readonly generator: string;
  readonly retriever: string;
  readonly baseline: string | null;
  readonly error?: string;
  readonly loggedResponse?: string;
  readonly replayMatch?: boolean;
  readonly passages: readonly InspectedPassage[];
  readonly probes: readonly InspectedProbe[];
  readonly diagnosis: QuestionResult['diagnosis'];
  readonly reliance: number | null;
  readonly instability: number | null;
  /** Which side failed (docs/metrics.md), in words. */
  readonly seam: string;
  /** The gold evidence the `gold` probe used, and whether it was inferred from the corpus. */
  readonly gold?: QuestionResult['gold'];
  /** One plain sentence: what the probes say about how the answer was made. */
  readonly verdict: string;
  /** The corrupt target's answer type, when the corrupt probe applied. */
  readonly answerType?: string;
  /**
   * The report around this question, when it holds more than one: its abstention rate, and the
   * adoption of substitutes of this question's answer type.
   */
  readonly inReport?: {
    readonly abstentionRate: number | null;
    readonly adoptionOfType?: TypeAdoption;
  };
  /** Sentence attribution (`--attribute`), when it ran. */
  readonly attribution?: QuestionResult['attribution'];
}

const SNIPPET_CONTEXT = 60;

/** The first passage where `target` occurs, cut to the text around its occurrences. */
export function changeSnippet(
  question: QuestionResult,
  target: string,
  substitute: string,
): ChangeSnippet | undefined {
  const mark = '\u0000';
  const replace = phraseReplacer(target, mark);
  for (const passage of question.passages) {
    const marked = replace(passage.text);
    if (!marked.includes(mark)) continue;
    const first = marked.indexOf(mark);
    const last = marked.lastIndexOf(mark);
    const start = Math.max(0, first - SNIPPET_CONTEXT);
    const end = Math.min(marked.length, last + 1 + SNIPPET_CONTEXT);
    const cut = `${start > 0 ? '…' : ''}${marked.slice(start, end)}${end < marked.length ? '…' : ''}`;
    return { passageId: passage.id, pieces: cut.split(mark), target, substitute };
  }
  return undefined;
}

function describeChange(probe: ProbeResult): string {
  if (!probe.applicable) return '';
  switch (probe.probe) {
    case 'remove':
      return 'all passages removed';
    case 'swap':
      return `passages replaced by those of ${probe.source ?? 'another question'}`;
    case 'corrupt':
      return `"${probe.target}" replaced by "${probe.substitute}"${probe.answerType === undefined ? '' : ` (${probe.answerType})`}`;
    case 'leave-one-out':
      return `passage at rank ${probe.rank} left out`;
    case 'shuffle':
      return 'passages reordered';
    case 'distractor':
      return `unrelated passage ${probe.source ?? ''} appended`;
    case 'solo':
      return `the passage at rank ${probe.rank} alone`;
    case 'gold':
      return 'the gold evidence alone';
  }
}

/** How each evidence-altering probe reads inside the verdict sentence. */
const WHEN: Record<string, string> = {
  remove: 'with the passages removed',
  swap: "with another question's passages",
  corrupt: 'with the fact replaced',
};
const when = (names: readonly string[]) => names.map((name) => WHEN[name] ?? name).join(' or ');

const quote = (text: string | null | undefined) =>
  text === null || text === undefined ? '–' : `"${truncate(text, 80)}"`;

/** The one-sentence verdict in plain words. */
export function inspectVerdict(question: QuestionResult): string {
  if (question.baseline === null)
    return `no verdict: the generator failed (${question.error ?? 'no answer'})`;
  const usable = question.probes.filter((probe) => probe.applicable && probe.error === undefined);
  const corrupt = usable.find((probe) => probe.probe === 'corrupt');
  const altering = usable.filter((probe) => probe.family === 'altering');
  const changed = altering.filter((probe) => probe.changed === true).map((probe) => probe.probe);
  const kept = altering.filter((probe) => probe.changed !== true).map((probe) => probe.probe);
  const unstable = usable
    .filter((probe) => probe.family === 'preserving' && probe.changed === true)
    .map((probe) => probe.probe);
  if (question.diagnosis === 'abstained') {
    const answered = usable.find(
      (probe) => (probe.probe === 'swap' || probe.probe === 'distractor') && probe.changed === true,
    );
    return answered === undefined
      ? `abstained: the generator declined to answer (${quote(question.baseline)})`
      : `abstained: the generator declined to answer, yet answered ${quote(answered.answer)} from unrelated context (${answered.probe})`;
  }
  if (altering.length === 0) return 'no verdict: no evidence-altering probe applied to this question';
  if (question.diagnosis === 'brittle')
    return `brittle: the answer changed when the same evidence was ${unstable.map((name) => (name === 'shuffle' ? 'reordered' : 'padded with an unrelated passage')).join(' or ')}`;
  if (kept.length === altering.length) {
    return corrupt?.outcome === 'kept'
      ? `answers from memory: the answer stayed ${quote(question.baseline)} when the passage said ${quote(corrupt.substitute)}`
      : `answers from memory: the answer stayed ${quote(question.baseline)} ${when(kept)}`;
  }
  if (changed.length === altering.length) {
    return corrupt?.outcome === 'adopted'
      ? `reads its passages: the answer followed the passage from ${quote(corrupt.target)} to ${quote(corrupt.substitute)}`
      : `reads its passages: the answer changed ${when(changed)}`;
  }
  return `partly reads its passages: the answer changed ${when(changed)} but stayed ${quote(question.baseline)} ${when(kept)}`;
}

/** One question of a report as an {@link Inspection}. */
export function inspectQuestion(report: Report, question: QuestionResult): Inspection {
  const passages = question.passages.map((passage, index): InspectedPassage => {
    const at = (name: string) => question.probes.find((p) => p.probe === name && p.rank === index + 1);
    const without = at('leave-one-out');
    const solo = at('solo');
    return {
      rank: index + 1,
      id: passage.id,
      ...(passage.title === undefined ? {} : { title: passage.title }),
      text: passage.text,
      ...(passage.score === undefined ? {} : { score: passage.score }),
      useful:
        solo === undefined || solo.answer === undefined || solo.error !== undefined
          ? null
          : (solo.correct ?? solo.changed === false),
      without:
        without === undefined || !without.applicable
          ? null
          : {
              answer: without.answer ?? null,
              changed: without.error === undefined ? (without.changed ?? null) : null,
            },
    };
  });
  const probes = question.probes.map((probe): InspectedProbe => {
    const snippet =
      probe.probe === 'corrupt' &&
      probe.applicable &&
      probe.target !== undefined &&
      probe.substitute !== undefined
        ? changeSnippet(question, probe.target, probe.substitute)
        : undefined;
    return { ...probe, change: describeChange(probe), ...(snippet === undefined ? {} : { snippet }) };
  });
  return {
    id: question.id,
    question: question.question,
    answers: question.answers,
    generator: report.settings.generator,
    retriever: report.settings.retriever,
    baseline: question.baseline,
    ...(question.error === undefined ? {} : { error: question.error }),
    ...(question.loggedResponse === undefined ? {} : { loggedResponse: question.loggedResponse }),
    ...(question.replayMatch === undefined ? {} : { replayMatch: question.replayMatch }),
    passages,
    probes,
    diagnosis: question.diagnosis,
    reliance: question.reliance,
    instability: question.instability,
    seam: seamLabel(question),
    ...(question.gold === undefined ? {} : { gold: question.gold }),
    verdict: inspectVerdict(question),
    ...typeContext(report, question),
    ...(question.attribution === undefined ? {} : { attribution: question.attribution }),
  };
}

/** The question's answer type and, in a report of several questions, the report's figures for it. */
function typeContext(report: Report, question: QuestionResult): Pick<Inspection, 'answerType' | 'inReport'> {
  const answerType = question.probes.find(
    (probe) => probe.probe === 'corrupt' && probe.applicable,
  )?.answerType;
  const { summary } = report;
  // Reports written before abstentions were classified have no abstention rate.
  if (summary.questions <= 1 || summary.abstentionRate === undefined)
    return answerType === undefined ? {} : { answerType };
  const adoptionOfType = adoptionByTypeRows(summary).find((row) => row.type === answerType);
  return {
    ...(answerType === undefined ? {} : { answerType }),
    inReport: {
      abstentionRate: summary.abstentionRate,
      ...(adoptionOfType === undefined ? {} : { adoptionOfType }),
    },
  };
}
