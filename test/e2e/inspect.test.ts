import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

const READER = 'exec:node fixtures/examples/reader.mjs';
const QUESTION = 'What is the keeper of Varn Lighthouse?';
const PASSAGES = [
  'Varn Lighthouse stands on the northern cape.',
  'The keeper of Varn Lighthouse is Ilse Marrow. She keeps a log of every ship.',
];
const BASE = ['inspect', '-q', QUESTION, '-a', 'Ilse Marrow', '-g', READER, '--no-cache'];
const withPassages = PASSAGES.flatMap((text) => ['--passage', text]);

function piped(args: readonly string[], input: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('ragseam inspect', () => {
  it('probes one question from the command line: passages, one line per probe with the diff, a verdict', async () => {
    const result = await runCli([...BASE, ...withPassages, '--pool', 'fixtures/examples/world.jsonl']);
    expect(result.warnings).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`question (inspect): ${QUESTION}`);
    expect(out).toMatch(/1\. \(p1\) +utility: [a-z ]+ · influence: none \(the answer stays without it\)/);
    expect(out).toMatch(/2\. \(p2\) +utility: [a-z ]+ · influence: without it the answer became "unknown"/);
    expect(out).toMatch(/remove +all passages removed +→ "unknown" changed/);
    // The reader reads the passage stating the fact: it repeats whatever was planted there.
    expect(out).toMatch(/corrupt +"Ilse Marrow" replaced by "(.+)" \(person\) +→ "\1" changed \(adopted\)/);
    expect(out).toMatch(/The keeper of Varn Lighthouse is \[Ilse Marrow → .+\]\./);
    expect(out).toMatch(/shuffle +passages reordered +→ "Ilse Marrow" same/);
    expect(out).toContain(
      'verdict: reads its passages: the answer followed the passage from "Ilse Marrow" to',
    );
    const json = JSON.parse(
      (
        await runCli([
          ...BASE,
          ...withPassages,
          '--pool',
          'fixtures/examples/world.jsonl',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(json).toMatchObject({ question: QUESTION, baseline: 'Ilse Marrow', diagnosis: 'grounded' });
    expect(json.passages.map((p: { text: string }) => p.text)).toEqual(PASSAGES);
    expect(json.probes.find((p: { probe: string }) => p.probe === 'swap').source).toMatch(/^pool:/);
  });

  it('plants the --substitute and says "answers from memory" when the answer stays', async () => {
    const result = await runCli([
      'inspect',
      '-q',
      'What is the capital of France?',
      '-a',
      'Paris',
      '-g',
      READER,
      '--no-cache',
      '--passage',
      'The capital of France is Paris, on the Seine.',
      '--substitute',
      'Marseille',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /corrupt +"Paris" replaced by "Marseille" \(place\) +→ "Paris" same \(kept\)/,
    );
    expect(result.stdout).toContain('The capital of France is [Paris → Marseille], on the Seine.');
    expect(result.stdout).toContain(
      'verdict: answers from memory: the answer stayed "Paris" when the passage said "Marseille"',
    );
  });

  it('reads --passages as JSON Lines, a JSON array or blank-line separated text, alike', async () => {
    const dir = tempDir();
    const files = {
      'p.jsonl': PASSAGES.map((text) => JSON.stringify({ text })).join('\n'),
      'p.json': JSON.stringify(PASSAGES),
      'p.txt': `${PASSAGES[0]}\n\n${PASSAGES[1]?.replace('. ', '.\n')}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      const result = await runCli([
        ...BASE,
        '--passages',
        join(dir, name),
        '--probes',
        'remove',
        '--format',
        'json',
      ]);
      expect(result.code, name).toBe(0);
      expect(
        JSON.parse(result.stdout).passages.map((p: { text: string }) => p.text),
        name,
      ).toEqual(PASSAGES);
    }
  });

  it('takes the question and passages from stdin: text, or a JSON row', () => {
    const text = piped(
      ['inspect', '-', '-g', READER, '--no-cache', '--probes', 'remove'],
      `${QUESTION}\n\n${PASSAGES.join('\n\n')}\n`,
    );
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/remove +all passages removed +→ "unknown" changed/);
    const row = JSON.stringify({ question: QUESTION, answers: ['Ilse Marrow'], passages: PASSAGES });
    const json = piped(
      ['inspect', '-g', READER, '--no-cache', '--probes', 'remove', '--format', 'json'],
      row,
    );
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      question: QUESTION,
      answers: ['Ilse Marrow'],
      baseline: 'Ilse Marrow',
    });
  });

  it('fetches passages with --retriever and draws the pool from its corpus', async () => {
    const result = await runCli([
      'inspect',
      '-q',
      QUESTION,
      '-a',
      'Ilse Marrow',
      '-g',
      READER,
      '--no-cache',
      '-r',
      'bm25:fixtures/world/corpus.jsonl',
      '-k',
      '3',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.passages.length).toBe(3);
    expect(json.probes.find((p: { probe: string }) => p.probe === 'distractor').applicable).toBe(true);
  });

  it('explains what is missing: exit 2 with a hint', async () => {
    const noQuestion = await runCli(['inspect', '-g', READER, '--passage', 'x']);
    expect(noQuestion.code).toBe(2);
    expect(noQuestion.stderr).toContain('error: inspect needs a question');
    const noPassages = await runCli(['inspect', '-q', QUESTION, '-g', READER]);
    expect(noPassages.code).toBe(2);
    expect(noPassages.stderr).toContain(
      'hint: give --passage "text" (repeatable), --passages <file>, or --retriever',
    );
  });
});
