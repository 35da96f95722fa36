import type { QuestionResult, Report } from '../model/report.js';

/** The report as pretty-printed JSON with a trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** What {@link renderQuestionJson} cuts from before and after the question. */
const QUESTION_START = '{\n  "questions": [\n';
const QUESTION_END = '\n  ]\n}';

/** One question as it stands in {@link renderJson}'s `questions` array (indented, no comma). */
export function renderQuestionJson(question: QuestionResult): string {
  // Stringified where it stands in the report, inside the report's object and `questions` array,
  // so JSON.stringify indents it: one pass over the text instead of a second to indent it.
  const text = JSON.stringify({ questions: [question] }, null, 2);
  return text.slice(QUESTION_START.length, text.length - QUESTION_END.length);
}

const EMPTY_QUESTIONS = '\n  "questions": []';

/**
 * {@link renderJson} of a report with no questions, cut where its questions go: `head` ends with
 * the array's `[`, `tail` starts with its `]`. So a report of any size is written without holding
 * it: `head`, each question (rendered with {@link renderQuestionJson}) after its separator (`\n`
 * before the first, `,\n` before the others), then `\n  ` and `tail` when there were questions,
 * `tail` alone when there were none, is byte for byte `renderJson` of the report with them.
 */
export function renderJsonAround(report: Report): { head: string; tail: string } {
  const text = renderJson({ ...report, questions: [] });
  const at = text.indexOf(EMPTY_QUESTIONS);
  if (at === -1) throw new Error('the report has no questions field');
  return {
    head: text.slice(0, at + EMPTY_QUESTIONS.length - 1),
    tail: `]${text.slice(at + EMPTY_QUESTIONS.length)}`,
  };
}

/**
 * {@link renderJson} of a report in pieces, byte for byte when joined: the head, each question
 * after its separator, the tail. A report of a million questions is longer than any one string.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  const { head, tail } = renderJsonAround(report);
  yield head;
  for (const [index, question] of report.questions.entries())
    yield `${index === 0 ? '\n' : ',\n'}${renderQuestionJson(question)}`;
  yield report.questions.length === 0 ? tail : `\n  ${tail}`;
}
