import type { GateResult } from '../core/gates.js';
import type { Report } from '../core/report.js';
import type { QuestionResult } from '../core/runner.js';
import { DIAGNOSES, type ProbeResult } from '../core/types.js';
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
 * unscored) and, when gates were set, a suite of one case per gate. Scores are suite properties.
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
  if (report.gates.length > 0) {
    suites.push(
      suite('ragseam gates', report.gates.map(gateCase), { failures: gateFailures, skipped: 0 }, report, '0'),
    );
  }
  const root = attributes({
    name: 'ragseam',
    tests: questions.length + report.gates.length,
    failures: questionFailures + gateFailures,
    errors: 0,
    time: seconds,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join('\n')}\n</testsuites>\n`;
}
