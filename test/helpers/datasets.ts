import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './cli.js';

/**
 * A dataset fixtures/examples/reader.mjs answers in a known way: questions it can parse
 * ("What is the keeper of Station i?") are answered from the passages (grounded); the others
 * ("What is the capital of France?") get "Paris" from memory whatever the passages say
 * (parametric). An "unknown" would be an abstention, left out of reliance.
 */
export function writeStationDataset(
  dir: string,
  count: number,
  parametricEvery: number,
  extra: (i: number) => object = () => ({}),
): string {
  const lines = Array.from({ length: count }, (_, i) => {
    const station = `Station ${i}`;
    const keeper = `Keeper${i}`;
    const question =
      parametricEvery > 0 && i % parametricEvery === 0
        ? 'What is the capital of France?'
        : `What is the keeper of ${station}?`;
    return JSON.stringify({
      id: `q${i}`,
      question,
      answers: [keeper],
      passages: [
        { id: `s${i}-1`, title: station, text: `The keeper of ${station} is ${keeper}. It is old.` },
        { id: `s${i}-2`, title: station, text: `${station} stands on hill number ${i}.` },
      ],
      ...extra(i),
    });
  });
  const file = join(dir, `stations-${count}-${parametricEvery}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The first `count` lines of a dataset file of the project (`file` relative to the root), in a new temporary file. */
export function firstLines(file: string, count: number): string {
  const target = join(tempDir(), 'subset.jsonl');
  const lines = readFileSync(join(ROOT, file), 'utf8').trim().split('\n');
  writeFileSync(target, `${lines.slice(0, count).join('\n')}\n`);
  return target;
}
