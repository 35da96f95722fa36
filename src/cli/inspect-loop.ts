import { createInterface } from 'node:readline';
import type { QuestionResult } from '../model/report.js';
import type { Item } from '../model/types.js';
import { compareInspections } from '../report/inspect-compare.js';
import type { CliIO } from './io.js';

const HELP = `commands:
  p               list the passages
  e <n> <text>    replace passage n's text
  a <text>        add a passage at the end
  d <n>           drop passage n
  q <text>        ask another question
  r               re-ask: probe again and show what changed
  x               leave (also Ctrl-D)
`;

/** One edit of the inspected item, or what to do; a message when the command is not understood. */
type Step = { item: Item } | { run: true } | { leave: true } | { say: string };

function passageIndex(text: string, item: Item): number | string {
  const n = Number(text);
  const count = item.passages?.length ?? 0;
  return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : `no passage ${text} (there are ${count})`;
}

/** Applies one command line to the item. */
export function inspectStep(line: string, item: Item): Step {
  const [command = '', ...words] = line.trim().split(/\s+/);
  const rest = line.trim().slice(command.length).trim();
  const passages = [...(item.passages ?? [])];
  switch (command) {
    case '':
      return { say: '' };
    case 'x':
    case 'quit':
    case 'exit':
      return { leave: true };
    case 'r':
      return { run: true };
    case 'p':
      return { say: passages.map((p, i) => `${i + 1}. (${p.id}) ${p.text}`).join('\n') || '(no passages)' };
    case 'q':
      return rest === '' ? { say: 'q needs the question' } : { item: { ...item, question: rest } };
    case 'a':
      if (rest === '') return { say: 'a needs the passage text' };
      return { item: { ...item, passages: [...passages, { id: `p${passages.length + 1}`, text: rest }] } };
    case 'e':
    case 'd': {
      const index = passageIndex(words[0] ?? '', item);
      if (typeof index === 'string') return { say: index };
      if (command === 'd') return { item: { ...item, passages: passages.filter((_, i) => i !== index) } };
      const text = rest.slice((words[0] ?? '').length).trim();
      if (text === '') return { say: 'e needs the passage number and the new text' };
      passages[index] = { ...(passages[index] as NonNullable<Item['passages']>[number]), text };
      return { item: { ...item, passages } };
    }
    default:
      return { say: HELP };
  }
}

/**
 * `inspect -i`: reads commands from stdin, edits the question or its passages, and on `r` probes
 * again (`ask`), prints the new view and what changed since the last run. Ends on `x`, end of
 * input or the abort signal.
 */
export async function inspectLoop(
  io: CliIO,
  first: { item: Item; question: QuestionResult },
  ask: (item: Item) => Promise<QuestionResult>,
  signal: AbortSignal,
): Promise<void> {
  let { item, question } = first;
  const lines = createInterface({ input: process.stdin, terminal: false });
  signal.addEventListener('abort', () => lines.close(), { once: true });
  io.stdout.write(`\n${HELP}inspect> `);
  try {
    for await (const line of lines) {
      const step = inspectStep(line, item);
      if ('leave' in step) break;
      if ('item' in step) {
        item = step.item;
        io.stdout.write('edited; r to re-ask\n');
      } else if ('say' in step) {
        if (step.say !== '') io.stdout.write(`${step.say}\n`);
      } else {
        const next = await ask(item);
        io.stdout.write(
          `\nchanged since the last run:\n${compareInspections(question, next)
            .map((l) => `  ${l}\n`)
            .join('')}`,
        );
        question = next;
      }
      io.stdout.write('inspect> ');
    }
  } finally {
    lines.close();
  }
  io.stdout.write('\n');
}
