import type { GateResult } from '../model/gates.js';
import type { QuestionResult, Report } from '../model/report.js';

import { DIAGNOSES, type ProbeResult } from '../model/types.js';

import { formatShare, truncate } from './format.js';
import { describeGate, gateLabel } from './gate-text.js';

/**
 * Text safe inside an XML attribute or element: markup characters escaped, and characters XML 1.0
 * forbids (most control characters, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

function probeName(probe: ProbeResult): string {
  return probe.rank === undefined ? probe.probe : `${probe.probe} #${probe.rank}`;
}

/** One probe as "remove \"Paris\" (same)"; the answers are what a CI reader needs to judge. */
function probeSummary(probe: ProbeResult): string {
  if (!probe.applicable) return `${probeName(probe)}: not applicable`;
  if (probe.error !== undefined) return `${probeName(probe)}: error (${probe.error})`;
  const verdict = probe.outcome ?? (probe.changed === true ? 'changed' : 'same');
  return `${probeName(probe)} ${JSON.stringify(probe.answer ?? '')} (${verdict})`;
}

function failureMessage(question: QuestionResult): string {
  const family = question.diagnosis === 'brittle' ? 'preserving' : 'altering';
  const probes = question.probes.filter((p) => p.family === family && p.applicable).map(probeSummary);
  const why =
    question.diagnosis === 'brittle'
      ? `brittle: the answer changed under evidence-preserving probes (instability ${formatShare(question.instability)})`
      : `parametric: the answer did not change when the evidence changed (reliance ${formatShare(question.reliance)})`;
  return `${why}; baseline ${JSON.stringify(question.baseline ?? '')}; ${probes.join('; ')}`;
}

function failureBody(question: QuestionResult): string {
  const lines = [
    `question: ${question.question}`,
    `gold answers: ${question.answers.map((a) => JSON.stringify(a)).join(', ') || '(none)'}`,
    `baseline answer: ${JSON.stringify(question.baseline ?? '')}`,
    `diagnosis: ${question.diagnosis} (reliance ${formatShare(question.reliance)}, instability ${formatShare(question.instability)})`,
    'probes:',
    ...question.probes.map(
      (probe) =>
        `  ${probeSummary(probe)}${probe.substitute === undefined ? '' : ` [${JSON.stringify(probe.target)} -> ${JSON.stringify(probe.substitute)}]`}`,
    ),
    'passages by rank:',
    ...question.passages.map((p, i) => `  ${i + 1}. (${p.id}) ${truncate(p.text, 200)}`),
  ];
  return lines.join('\n');
}

function questionCase(question: QuestionResult): string {
  const name = `${question.id}: ${truncate(question.question, 100)}`;
  const open = `    <testcase${attributes({ name, classname: 'ragseam.questions', time: '0' })}>`;
  if (question.diagnosis === 'parametric' || question.diagnosis === 'brittle') {
    return `${open}\n      <failure${attributes({ message: failureMessage(question), type: question.diagnosis })}>${escapeXml(failureBody(question))}</failure>\n    </testcase>`;
  }
  if (question.diagnosis === 'unscored') {
    const reason =
      question.error === undefined
        ? 'no evidence-altering probe applied'
        : `the baseline call failed: ${question.error}`;
    return `${open}\n      <skipped${attributes({ message: `unscored: ${reason}` })}/>\n    </testcase>`;
  }
  return `    <testcase${attributes({ name, classname: 'ragseam.questions', time: '0' })}/>`;
}

const SEAM_FAILURES: Readonly<Record<string, string>> = {
  'retriever-miss':
    'retriever-side: no retrieved passage holds a gold answer, and the gold evidence alone gives it',
  'misled-by-passage': 'retriever-side: the wrong answer comes from a retrieved passage',
  'generator-ignored': 'generator-side: a retrieved passage holds a gold answer, and the answer is another',
  'fails-with-gold': 'generator-side: wrong even with the gold evidence alone',
  'evidence-missing': 'wrong, and no gold evidence is known to tell which side failed',
};

/** One case per question with a seam: failed when the answer is wrong, named by its category. */
function seamCase(question: QuestionResult): string | undefined {
  const category = question.seam?.category;
  if (category === undefined || category === 'unscored') return undefined;
  const name = `${question.id}: ${truncate(question.question, 100)}`;
  const open = `    <testcase${attributes({ name, classname: `ragseam.seam.${category}`, time: '0' })}`;
  const why = SEAM_FAILURES[category];
  if (why === undefined) return `${open}/>`;
  const rank = question.seam?.rank === undefined ? '' : ` (rank ${question.seam.rank})`;
  const message = `${category}${rank}: ${why}; baseline ${JSON.stringify(question.baseline ?? '')}, gold ${question.answers.map((a) => JSON.stringify(a)).join(', ')}`;
  return `${open}>\n      <failure${attributes({ message, type: category })}>${escapeXml(failureBody(question))}</failure>\n    </testcase>`;
}

function gateCase(gate: GateResult): string {
  const open = `    <testcase${attributes({ name: gateLabel(gate), classname: 'ragseam.gates', time: '0' })}`;
  if (gate.passed) return `${open}/>`;
  return `${open}>\n      <failure${attributes({ message: describeGate(gate), type: 'gate' })}>${escapeXml(describeGate(gate))}</failure>\n    </testcase>`;
}

/** The summary scores as suite properties: name/value pairs CI systems show with the suite. */
function properties(report: Report): string {
  const { summary, settings } = report;
  const values: [string, string][] = [
    ['generator', settings.generator],
    ['retriever', settings.retriever],
    ['dataset', settings.dataset],
    ['topK', String(settings.topK)],
    ['seed', String(settings.seed)],
  ];
  for (const metric of ['reliance', 'adoption', 'instability'] as const) {
    const estimate = summary[metric];
    values.push([metric, formatShare(estimate.value)]);
    if (estimate.ci95 !== null) {
      values.push(
        [`${metric}.ci95.low`, estimate.ci95[0].toFixed(4)],
        [`${metric}.ci95.high`, estimate.ci95[1].toFixed(4)],
      );
    }
  }
  values.push(
    ['topPassageUse', formatShare(summary.topPassageUse)],
    ['deadPassageRate', formatShare(summary.deadPassageRate)],
  );
  for (const [index, value] of summary.influenceByRank.entries()) {
    values.push([`influence.rank${index + 1}`, formatShare(value)]);
  }
  for (const diagnosis of DIAGNOSES)
    values.push([`diagnoses.${diagnosis}`, String(summary.diagnoses[diagnosis] ?? 0)]);
  const { seam, alignment } = summary as Partial<Report['summary']>;
  for (const [category, count] of Object.entries(seam?.counts ?? {}))
    values.push([`seam.${category}`, String(count)]);
  if (alignment !== undefined) values.push(['alignment.ndcg', formatShare(alignment.ndcg.value)]);
  values.push(
    ['questions', String(summary.questions)],
    ['calls', String(summary.calls)],
    ['errors', String(summary.errors)],
  );
  const lines = values.map(([name, value]) => `      <property${attributes({ name, value })}/>`);
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

function suite(
  name: string,
  cases: readonly string[],
  counts: { failures: number; skipped: number },
  report: Report,
  time: string,
): string {
  const head = attributes({
    name,
    tests: cases.length,
    failures: counts.failures,
    errors: 0,
    skipped: counts.skipped,
    time,
    timestamp: report.run.startedAt.slice(0, 19),
    hostname: 'localhost',
  });
  return [
    `  <testsuite${head}>`,
    properties(report),
    ...cases,
    '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>',
  ].join('\n');
}

/**
 * JUnit XML in the form Jenkins and GitLab read: a suite of one test case per question (failed
 * when diagnosed parametric or brittle, with the probe answers in the failure; skipped when
 * unscored), a suite of one case per question with a seam category (failed when the answer is wrong,
 * typed by the category) and, when gates were set, a suite of one case per gate. Scores are suite
 * properties.
 */
export function renderJunit(report: Report): string {
  const questions = report.questions;
  const questionFailures = questions.filter(
    (q) => q.diagnosis === 'parametric' || q.diagnosis === 'brittle',
  ).length;
  const skipped = questions.filter((q) => q.diagnosis === 'unscored').length;
  const gateFailures = report.gates.filter((g) => !g.passed).length;
  const seconds = (report.run.durationMs / 1000).toFixed(3);
  const suites = [
    suite(
      'ragseam questions',
      questions.map(questionCase),
      { failures: questionFailures, skipped },
      report,
      seconds,
    ),
  ];
  const seamCases = questions.flatMap((q) => seamCase(q) ?? []);
  const seamFailures = seamCases.filter((c) => c.includes('<failure')).length;
  if (seamCases.length > 0) {
    suites.push(suite('ragseam seam', seamCases, { failures: seamFailures, skipped: 0 }, report, '0'));
  }
  if (report.gates.length > 0) {
    suites.push(
      suite('ragseam gates', report.gates.map(gateCase), { failures: gateFailures, skipped: 0 }, report, '0'),
    );
  }
  const root = attributes({
    name: 'ragseam',
    tests: questions.length + seamCases.length + report.gates.length,
    failures: questionFailures + seamFailures + gateFailures,
    errors: 0,
    time: seconds,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join('\n')}\n</testsuites>\n`;
}
