// Synthetic questions for the benches (orchestration, reading reports back): question q asks for
// the value of entity q, and each of its passages states it, so the instant generator's answers
// are known.
import { createWriteStream } from 'node:fs';

/** Question `q` with `passages` passages, as one dataset row. */
export function syntheticQuestion(q, passages) {
  return {
    id: `q${q}`,
    question: `What is the value of entity ${q}?`,
    answers: [`value${q}`],
    passages: Array.from({ length: passages }, (_, p) => ({
      id: `d${q}-p${p}`,
      title: `Entity ${q}`,
      text: `Entity ${q} fact ${p} says value${q} is ${1000 + ((q * 7 + p) % 9000)} in the record of place ${p}.`,
    })),
  };
}

/** Writes `questions` synthetic questions to `file`, line by line: a million do not fit in one string. */
export async function writeSyntheticDataset(file, questions, passages) {
  const out = createWriteStream(file);
  for (let q = 0; q < questions; q++) {
    const line = JSON.stringify(syntheticQuestion(q, passages));
    if (!out.write(`${line}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}
