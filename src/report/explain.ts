import type { ChalkInstance } from 'chalk';
import type { QuestionResult, Report } from '../model/report.js';

import type { ProbeResult } from '../model/types.js';
import { formatShare, truncate } from './format.js';
import { seamLabel } from './seam-text.js';

const PASSAGE_WIDTH = 300;

function probeLabel(probe: ProbeResult): string {
  if (probe.probe === 'leave-one-out') return `leave-one-out (without rank ${probe.rank})`;
  if (probe.probe === 'solo') return `solo (rank ${probe.rank} alone)`;
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
  const outcome =
    probe.outcome !== undefined
      ? ` ${probe.outcome}`
      : probe.correct === undefined
        ? ''
        : ` ${probe.correct ? chalk.green('correct') : chalk.red('wrong')}`;
  return `  ${label}: ${JSON.stringify(probe.answer)} ${verdict}${outcome}`;
}

function flag(value: boolean | undefined, yes: string, no: string): string {
  return value === undefined ? '–' : value ? yes : no;
}

/** "2. (p7) [score 11.20 · utility useful · influence influential] Title: text". */
function passageLine(question: QuestionResult, index: number, chalk: ChalkInstance): string {
  const passage = question.passages[index];
  if (passage === undefined) return '';
  const at = (probe: string) =>
    question.probes.find((p) => p.probe === probe && p.rank === index + 1 && p.error === undefined);
  const solo = at('solo');
  const useful =
    solo === undefined || solo.answer === undefined ? undefined : (solo.correct ?? !solo.changed);
  const influence = at('leave-one-out')?.changed;
  const score = passage.score === undefined ? '–' : passage.score.toFixed(2);
  const marks = [
    `score ${score}`,
    `utility ${flag(useful, chalk.green('useful'), 'useless')}`,
    `influence ${flag(influence, chalk.yellow('influential'), 'none')}`,
  ].join(' · ');
  const title = passage.title === undefined ? '' : `${passage.title}: `;
  return `  ${index + 1}. ${chalk.dim(`(${passage.id})`)} [${marks}] ${truncate(title + passage.text, PASSAGE_WIDTH)}`;
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
  else
    lines.push(
      chalk.dim('  utility = right from this passage alone; influence = answer changes without it'),
      ...question.passages.map((_, index) => passageLine(question, index, chalk)),
    );
  if (question.gold !== undefined) {
    lines.push('', chalk.bold(`gold evidence${question.gold.inferred ? ' (inferred from the corpus)' : ''}`));
    for (const passage of question.gold.passages) {
      const title = passage.title === undefined ? '' : `${passage.title}: `;
      lines.push(`  ${chalk.dim(`(${passage.id})`)} ${truncate(title + passage.text, PASSAGE_WIDTH)}`);
    }
  }
  lines.push(
    '',
    `${chalk.bold('baseline')}: ${question.baseline === null ? chalk.red(`error: ${question.error}`) : JSON.stringify(question.baseline)}`,
  );
  if (question.target !== null) lines.push(`corrupt target: ${JSON.stringify(question.target)}`);
  lines.push('', chalk.bold('probes'), ...question.probes.map((probe) => probeLine(probe, chalk)));
  lines.push(
    '',
    `${chalk.bold('diagnosis')}: ${question.diagnosis} (reliance ${formatShare(question.reliance)}, instability ${formatShare(question.instability)})`,
    `${chalk.bold('seam')}: ${seamLabel(question)}`,
  );
  return `${lines.join('\n')}\n`;
}
