#!/usr/bin/env node
// Typing answers with an NLP library from npm, against ragseam's own classifier, on the 160
// hand-labelled corrupt targets and substitutes of test/validity/type-labels.jsonl (320 strings),
// and its speed on the 2,655 Natural Questions answers (../shared/data; skipped when absent).
// The libraries are not dependencies of ragseam; install them beside it first, without saving:
//   npm run build && npm i --no-save compromise wink-nlp wink-eng-lite-web-model
//   node bench/answer-types-nlp.mjs          (NLP_PREFIX=<dir> resolves them from another folder)
// Figures go in docs/performance.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { typeAnswer } from '../dist/probes/answer-type.js';

const prefix = process.env.NLP_PREFIX ?? process.cwd();
const require = createRequire(join(prefix, 'package.json'));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)).href)).default;

function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}
const megabytes = (names) =>
  (names.reduce((sum, name) => sum + folderBytes(join(prefix, 'node_modules', name)), 0) / 1e6).toFixed(1);

const rows = readFileSync('test/validity/type-labels.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
// Every labelled string with its hand type and its question.
const strings = rows.flatMap((row) => [
  { text: row.target, question: row.question, hand: row.handTarget },
  { text: row.substitute, question: '', hand: row.handSubstitute },
]);
const ENTITIES = new Set(['person', 'place', 'organisation']);

const compromise = await load('compromise');
const compromiseType = (text) => {
  const doc = compromise(text);
  if (doc.people().found) return 'person';
  if (doc.places().found) return 'place';
  if (doc.organizations().found) return 'organisation';
  return 'other';
};
const winkNlp = await load('wink-nlp');
const model = await load('wink-eng-lite-web-model');
const wink = winkNlp(model);
// The lite English model has no named-entity types for people, places or organisations: its
// entities are DATE, CARDINAL, ORDINAL, MONEY, PERCENT and the like. Its part-of-speech tags mark
// proper nouns (PROPN), which says "a name" but not which kind.
const winkType = (text) => {
  const entities = wink.readDoc(text).entities().out(wink.its.type);
  if (entities.includes('DATE')) return /^\d{3,4}s?$/u.test(text.trim()) ? 'year' : 'date';
  if (entities.some((type) => ['CARDINAL', 'ORDINAL', 'MONEY', 'PERCENT', 'DURATION'].includes(type)))
    return /^\d{4}$/u.test(text.trim()) ? 'year' : 'number';
  return 'other';
};
const ragseamType = (item) => typeAnswer(item.text, item.question).type;

function agreement(typer, keep) {
  const kept = strings.filter(keep);
  return `${kept.filter((item) => typer(item) === item.hand).length}/${kept.length}`;
}

let answers = strings.map((item) => item.text);
const nq = join('..', 'shared', 'data', 'nq-open-oracle', 'nq-open-oracle.jsonl.gz');
if (existsSync(nq)) {
  answers = gunzipSync(readFileSync(nq))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line).answers[0]);
}
function perSecond(typer) {
  const started = performance.now();
  for (const text of answers) typer({ text, question: '' });
  return Math.round(answers.length / ((performance.now() - started) / 1000));
}

const table = [
  [
    'typer',
    'person/place/organisation right',
    'date/year/number right',
    'all 8 types right',
    'answers/s',
    'install MB',
  ],
  [
    'ragseam (shape, names, question)',
    agreement(ragseamType, (i) => ENTITIES.has(i.hand)),
    agreement(ragseamType, (i) => ['date', 'year', 'number'].includes(i.hand)),
    agreement(ragseamType, () => true),
    perSecond(ragseamType),
    '0',
  ],
  [
    'compromise',
    agreement(
      (i) => compromiseType(i.text),
      (i) => ENTITIES.has(i.hand),
    ),
    '–',
    agreement(
      (i) => compromiseType(i.text),
      () => true,
    ),
    perSecond((i) => compromiseType(i.text)),
    megabytes(['compromise', 'efrt', 'grad-school', 'suffix-thumb']),
  ],
  [
    'wink-nlp + eng-lite model',
    '– (no entity types)',
    agreement(
      (i) => winkType(i.text),
      (i) => ['date', 'year', 'number'].includes(i.hand),
    ),
    agreement(
      (i) => winkType(i.text),
      () => true,
    ),
    perSecond((i) => winkType(i.text)),
    megabytes(['wink-nlp', 'wink-eng-lite-web-model']),
  ],
];
const entityStrings = strings.filter((item) => ENTITIES.has(item.hand));
const onlyCompromise = entityStrings.filter(
  (item) => compromiseType(item.text) === item.hand && ragseamType(item) !== item.hand,
);
console.log(`${strings.length} labelled strings; speed over ${answers.length} answers`);
console.log(
  `entity strings compromise types right and ragseam does not: ${onlyCompromise.length} (${onlyCompromise.map((item) => item.text).join('; ')})`,
);
for (const row of table) console.log(`| ${row.join(' | ')} |`);
