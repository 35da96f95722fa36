import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { type Bounds, CHARS_PER_TOKEN, type DryRunEstimate } from '../model/dry-run.js';

import { PROBE_NAMES } from '../model/types.js';

/** "120" when exact, "96-120" when a bound. */
export function formatBounds(bounds: Bounds): string {
  return bounds.min === bounds.max ? String(bounds.min) : `${bounds.min}-${bounds.max}`;
}

/** The prompt cost of an estimate in US dollars, at `pricePer1k` dollars per 1000 tokens. */
export function costOf(tokens: Bounds, pricePer1k: number): Bounds {
  return { min: (tokens.min / 1000) * pricePer1k, max: (tokens.max / 1000) * pricePer1k };
}

function formatCost(cost: Bounds): string {
  const dollars = (value: number) => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
  return cost.min === cost.max ? dollars(cost.min) : `${dollars(cost.min)}-${dollars(cost.max)}`;
}

/** `probe --dry-run` for a terminal: calls per probe, the total and the prompt-token estimate. */
export function renderDryRun(
  estimate: DryRunEstimate & { generator: string; retriever: string },
  chalk: ChalkInstance,
  /** US dollars per 1000 prompt tokens (`--price-per-1k`): adds the cost line. */
  pricePer1k?: number,
): string {
  const table = new Table({
    head: ['calls', 'count'].map((h) => chalk.bold(h)),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  for (const name of ['baseline', ...PROBE_NAMES, 'attribution'] as const) {
    const bounds = estimate.byProbe[name];
    if (bounds !== undefined) table.push([name, formatBounds(bounds)]);
  }
  table.push([chalk.bold('total'), chalk.bold(formatBounds(estimate.calls))]);
  const exact = estimate.calls.min === estimate.calls.max;
  const lines = [
    `${chalk.bold('ragseam dry run')} ${estimate.generator} · ${estimate.retriever} · ${estimate.questions} questions: no generator call made`,
    table.toString(),
    `generator calls: ${exact ? 'exactly' : 'between'} ${formatBounds(estimate.calls)}`,
    ...(estimate.scoringCalls === undefined
      ? []
      : [
          `scoring calls (effect sizes): at most ${formatBounds(estimate.scoringCalls)}, one per answered call (--no-effect-sizes: none)`,
        ]),
    `prompt tokens: about ${formatBounds(estimate.promptTokens)} (${CHARS_PER_TOKEN} characters per token over questions, passages and the prompt template, ${estimate.templateTokens} tokens a call)`,
    ...(pricePer1k === undefined
      ? []
      : [
          `prompt cost: about ${formatCost(costOf(estimate.promptTokens, pricePer1k))} at $${pricePer1k} per 1000 tokens (answer tokens not included)`,
        ]),
    ...(estimate.journaled === undefined
      ? []
      : [
          `result journal: ${estimate.journaled} of ${estimate.questions} questions already scored by an earlier run of these settings; with the same generator they are read back, with none of their calls (--no-resume runs them)`,
        ]),
    ...estimate.notes.map((note) => chalk.dim(`note: ${note}`)),
  ];
  return `${lines.join('\n')}\n`;
}
