import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { type SentenceSpan, splitSentences } from '../../src/metrics/sentences.js';

const DATA = join(import.meta.dirname, '../../../shared/data');
const CLAPNQ = join(DATA, 'clapnq-dev/clapnq_dev_answerable.jsonl');
const XQUAD = join(DATA, 'xquad-en/xquad.en.json');
const NQ = join(DATA, 'nq-open-oracle/nq-open-oracle.jsonl.gz');
const present = [CLAPNQ, XQUAD, NQ].every((file) => existsSync(file));
if (!present)
  console.warn(`skipping segmenter tests on real passages: ${DATA} is absent (it ships beside the project)`);

/** Spans point into the text, in order, without overlap, and leave out only white space. */
function checkSpans(text: string, spans: readonly SentenceSpan[]): void {
  let covered = '';
  let previousEnd = 0;
  for (const span of spans) {
    expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(text.slice(previousEnd, span.start).trim()).toBe('');
    previousEnd = span.end;
    covered += span.text;
  }
  expect(text.slice(previousEnd).trim()).toBe('');
  expect(covered.replace(/\s+/gu, '')).toBe(text.replace(/\s+/gu, ''));
}

describe('splitSentences', () => {
  test.each([
    ['', []],
    ['   ', []],
    ['One sentence without a stop', ['One sentence without a stop']],
    ['It rose 3.5 percent. Then it fell.', ['It rose 3.5 percent.', 'Then it fell.']],
    ['Dr. Smith met Mr. Jones. They left.', ['Dr. Smith met Mr. Jones.', 'They left.']],
    ['It was written by J. R. R. Tolkien in 1937.', ['It was written by J. R. R. Tolkien in 1937.']],
    ['He served in the U.S. Navy. He retired.', ['He served in the U.S. Navy.', 'He retired.']],
    ['It opened on Jan. 5, 1990. It closed.', ['It opened on Jan. 5, 1990.', 'It closed.']],
    ['Steps: 1. mix 2. bake. Serve warm.', ['Steps: 1. mix 2. bake.', 'Serve warm.']],
    [
      'The album The Trio No. 16 sold. No. It did not.',
      ['The album The Trio No. 16 sold.', 'No.', 'It did not.'],
    ],
    ["He said `` stop . '' Then he left .", ["He said `` stop . ''", 'Then he left .']],
  ])('%j', (text, expected) => {
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual(expected);
    checkSpans(text, spans);
  });
});

describe.skipIf(!present)('splitSentences on real passages', () => {
  test('CLAPNQ: at least 90% of the annotated sentences come out whole', () => {
    const rows = readFileSync(CLAPNQ, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();
    let found = 0;
    let total = 0;
    for (const row of rows)
      for (const passage of row.passages as { text: string; sentences: string[] }[]) {
        const spans = splitSentences(passage.text);
        checkSpans(passage.text, spans);
        const mine = new Set(spans.map((s) => squash(s.text)));
        for (const sentence of passage.sentences.map(squash).filter((s) => s !== '')) {
          total++;
          if (mine.has(sentence)) found++;
        }
      }
    expect(total).toBeGreaterThan(1000);
    expect(found / total).toBeGreaterThanOrEqual(0.9);
  });

  test('SQuAD (XQuAD): answers lie inside one sentence, no break inside a decimal number', () => {
    const data = JSON.parse(readFileSync(XQUAD, 'utf8')) as {
      data: {
        paragraphs: { context: string; qas: { answers: { text: string; answer_start: number }[] }[] }[];
      }[];
    };
    let inside = 0;
    let answers = 0;
    for (const article of data.data)
      for (const paragraph of article.paragraphs) {
        const spans = splitSentences(paragraph.context);
        checkSpans(paragraph.context, spans);
        spans.slice(1).forEach((span, i) => {
          const before = spans[i] as SentenceSpan;
          expect(`${before.text} ${span.text}`).not.toMatch(/\d\. \d/u);
        });
        for (const qa of paragraph.qas)
          for (const answer of qa.answers) {
            const end = answer.answer_start + answer.text.length;
            answers++;
            if (spans.some((s) => s.start <= answer.answer_start && end <= s.end)) inside++;
          }
      }
    expect(answers).toBeGreaterThan(1000);
    expect(inside / answers).toBeGreaterThanOrEqual(0.99);
  });

  test('NQ: no sentence ends in a title or an initial', () => {
    const rows = gunzipSync(readFileSync(NQ)).toString('utf8').trim().split('\n').slice(0, 500);
    for (const line of rows) {
      const row = JSON.parse(line) as { ctxs: { text: string }[] };
      for (const ctx of row.ctxs.slice(0, 5)) {
        const spans = splitSentences(ctx.text);
        checkSpans(ctx.text, spans);
        for (const span of spans.slice(0, -1))
          expect(span.text).not.toMatch(/(?:^|\s)(?:Mr|Mrs|Dr|St|Jr|\p{Lu})\.$/u);
      }
    }
  });
});
