import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasScript, typeIntoTerminal } from '../helpers/terminal.js';

const ASK = [
  'inspect',
  '-i',
  '-q',
  'What is the keeper of Varn Lighthouse?',
  '-a',
  'Ilse Marrow',
  '--passage',
  'Varn Lighthouse stands on the northern cape.',
  '--passage',
  'The keeper of Varn Lighthouse is Ilse Marrow. She keeps a log of every ship.',
  '-g',
  'exec:node fixtures/examples/reader.mjs',
  '--no-cache',
  '--pool',
  'fixtures/examples/world.jsonl',
];

describe.skipIf(!hasScript)('inspect -i in a real terminal', () => {
  it('edits a passage, re-asks, and says what changed; drops one and sees the answer go', () => {
    const keys = [
      'p',
      'e 2 The keeper of Varn Lighthouse is Tomas Brand. He keeps a log.',
      'r',
      'd 2',
      'r',
      'd 7',
      'x',
      '',
    ].join('\n');
    const { screen, code } = typeIntoTerminal(ASK, keys);
    expect(code).toBe(0);
    // The first view, then the passages as they stand.
    expect(screen).toContain('answer: "Ilse Marrow"');
    expect(screen).toContain(
      'inspect> 1. (p1) Varn Lighthouse stands on the northern cape.\n2. (p2) The keeper',
    );
    const runs = screen.split('changed since the last run:');
    expect(runs).toHaveLength(3);
    // After the edit the reader follows the new passage, and the comparison says so.
    expect(runs[0]).toContain('answer: "Tomas Brand"');
    expect(runs[1]).toMatch(/^\n {2}baseline answer: "Ilse Marrow" → "Tomas Brand"\n/);
    expect(runs[1]).toContain('  shuffle: "Ilse Marrow" → "Tomas Brand"');
    // Without the passage that states the fact, the answer is gone.
    expect(runs[1]).toContain('answer: "unknown"');
    expect(runs[2]).toMatch(/^\n {2}baseline answer: "Tomas Brand" → "unknown"\n/);
    expect(runs[2]).toContain('inspect> no passage 7 (there are 1)');
  });

  it('refuses to read the question from stdin when stdin carries the commands', async () => {
    const result = await runCli(['inspect', '-i', '-', '-g', 'exec:node fixtures/examples/reader.mjs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('inspect -i reads its commands from stdin');
  });
});
