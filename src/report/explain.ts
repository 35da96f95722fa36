import type { ChalkInstance } from 'chalk';
import type { QuestionResult, Report } from '../model/report.js';

import type { ProbeResult } from '../model/types.js';
import { formatShare, truncate } from './format.js';

const PASSAGE_WIDTH = 300;

function probeLabel(probe: ProbeResult): string {
  if (probe.probe === 'leave-one-out') return `leave-one-out (without rank ${probe.rank})`;
  if (probe.probe === 'corrupt' && probe.applicable)
    return `corrupt ("${probe.target}" -> "${probe.substitute}")`;
  if (probe.probe === 'swap' && probe.source !== undefined) return `swap (passages of ${probe.source})`;
  if (probe.probe === 'distractor' && probe.source !== undefined)
    return `distractor (+ passage ${probe.source})`;
  return probe.probe;
}

function probeLine(probe: ProbeResult, chalk: ChalkInstance): string {
  const label = probeLabel(probe);
  if (!probe.applicable) return `  ${label}: ${chalk.dim(`not applicable: ${probe.reason}`)}`;
  if (probe.error !== undefined) return `  ${label}: ${chalk.red(`error: ${probe.error}`)}`;
  const verdict = probe.changed ? chalk.yellow('changed') : chalk.dim('same');
  const outcome = probe.outcome === undefined ? '' : ` ${probe.outcome}`;
  return `  ${label}: ${JSON.stringify(probe.answer)} ${verdict}${outcome}`;
}

/** One question of a report for a person reading in a terminal. */
export function renderExplanation(report: Report, question: QuestionResult, chalk: ChalkInstance): string {
  const lines = [
    `${chalk.bold(question.id)}: ${question.question}`,
    `gold answers: ${question.answers.length === 0 ? chalk.dim('none') : question.answers.map((a) => JSON.stringify(a)).join(', ')}`,
    `retriever: ${report.settings.retriever} · generator: ${report.settings.generator}`,
    '',
    chalk.bold('passages by rank'),
  ];
  if (question.passages.length === 0) lines.push(chalk.dim('  (none)'));
  question.passages.forEach((passage, index) => {
    const influence = question.probes.find((p) => p.probe === 'leave-one-out' && p.rank === index + 1);
    const mark = influence?.changed === true ? chalk.yellow(' [influential]') : '';
    const title = passage.title === undefined ? '' : `${passage.title}: `;
    lines.push(
      `  ${index + 1}. ${chalk.dim(`(${passage.id})`)} ${truncate(title + passage.text, PASSAGE_WIDTH)}${mark}`,
    );
  });
  lines.push(
    '',
    `${chalk.bold('baseline')}: ${question.baseline === null ? chalk.red(`error: ${question.error}`) : JSON.stringify(question.baseline)}`,
  );
  if (question.target !== null) lines.push(`corrupt target: ${JSON.stringify(question.target)}`);
  lines.push('', chalk.bold('probes'), ...question.probes.map((probe) => probeLine(probe, chalk)));
  lines.push(
    '',
    `${chalk.bold('diagnosis')}: ${question.diagnosis} (reliance ${formatShare(question.reliance)}, instability ${formatShare(question.instability)})`,
  );
  return `${lines.join('\n')}\n`;
}
