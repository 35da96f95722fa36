// Synthetic retrieval corpora for the retrieval benchmarks: passages of about 50 words drawn
// from a Zipf-distributed vocabulary of 50,000 made-up words (so a few words are in almost
// every passage and most are rare, as in real text), and questions of 6 words taken from a
// passage. Seeded, so every run measures the same text.

import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync } from 'node:fs';

const VOCABULARY = 50_000;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'da',
  'pe',
  'gu',
  'ha',
  'ji',
  'bo',
  'fy',
];

// The seeded generator (mulberry32) the dense index uses; `npm run bench` builds dist first.
import { seededRandom } from '../dist/retrievers/dense/kmeans.js';

export { seededRandom };

function word(index) {
  let text = '';
  let rest = index + 1;
  while (rest > 0) {
    text += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return text;
}

/** Draws word indexes with probability proportional to 1 / rank. */
function zipfSampler(random) {
  const cumulative = new Float64Array(VOCABULARY);
  let total = 0;
  for (let rank = 0; rank < VOCABULARY; rank++) {
    total += 1 / (rank + 1);
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = VOCABULARY - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const WORDS = Array.from({ length: VOCABULARY }, (_, index) => word(index));

function passageWords(random, sample) {
  const length = 40 + Math.floor(random() * 21);
  return Array.from({ length }, () => WORDS[sample()]);
}

/** Writes `count` passages to `file` (skipped when it already exists: the text is seeded). */
export async function writeCorpus(file, count, seed = 1) {
  if (existsSync(file)) return;
  const random = seededRandom(seed);
  const sample = zipfSampler(random);
  const temporary = `${file}.tmp`;
  const out = createWriteStream(temporary);
  for (let i = 0; i < count; i++) {
    const words = passageWords(random, sample);
    const line = `${JSON.stringify({ id: `p${i}`, title: `Topic ${i % 997}`, text: `${words.join(' ')}.` })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(temporary, file);
}

/** `count` questions of 6 words, each taken from a random passage's word distribution. */
export function syntheticQuestions(count, seed = 7) {
  const random = seededRandom(seed);
  const sample = zipfSampler(random);
  return Array.from({ length: count }, () => {
    const words = passageWords(random, sample).slice(0, 6);
    return `${words.join(' ')}?`;
  });
}
