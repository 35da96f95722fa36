import type { Generation, GenerationRequest, Generator } from '../../src/generators/types.js';
import { phraseTester } from '../../src/metrics/normalize.js';
import type { SharedItem } from './shared-data.js';

/**
 * Reference readers with behaviour known in advance, for measuring what ragseam's numbers mean
 * on real text (docs/validity.md). Each knows the dataset (gold answers, original passages) by
 * question, as an oracle would, and answers in-process.
 */
export type ReaderName = 'ideal-extractive' | 'copy-in-place' | 'fixed-memory' | 'grounded-abstaining';

/** Abstentions in the wording models use, varied per question. */
export const LLM_ABSTENTIONS = [
  'The passage does not say.',
  'I cannot find this in the context.',
  'Not specified.',
  "Sorry, I don't know.",
  'The provided documents do not contain this information.',
  'There is not enough information to answer.',
  'unanswerable',
  "The context doesn't mention it.",
  'I am unable to determine the answer from the given information.',
  'The answer is not in the passages.',
];

function hash(text: string): number {
  let value = 0;
  for (let index = 0; index < text.length; index++) value = (value * 31 + text.charCodeAt(index)) >>> 0;
  return value;
}

const passageText = (request: GenerationRequest) =>
  request.passages.map((passage) => `${passage.title ?? ''}\n${passage.text}`);

/** The first gold answer (in gold order) that occurs in the request's passages. */
function goldFound(item: SharedItem, request: GenerationRequest): string | undefined {
  const texts = passageText(request);
  return item.answers.find((answer) => {
    const occurs = phraseTester(answer);
    return texts.some(occurs);
  });
}

/** Up to three words either side of the first occurrence of a gold answer in the original passages. */
function spotOf(item: SharedItem): { before: string; after: string } | undefined {
  for (const answer of item.answers) {
    const escaped = answer.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (escaped === '') continue;
    for (const passage of item.passages) {
      const found = new RegExp(`((?:\\S+\\s+){0,3})${escaped}((?:\\s+\\S+){0,3})`, 'iu').exec(passage.text);
      if (found !== null && `${found[1]}${found[2]}`.trim() !== '') {
        return { before: found[1] as string, after: found[2] as string };
      }
    }
  }
  return undefined;
}

function answerer(name: ReaderName, item: SharedItem, request: GenerationRequest): string {
  switch (name) {
    case 'fixed-memory':
      return item.answers[0] ?? 'unknown';
    case 'ideal-extractive':
      return goldFound(item, request) ?? 'unknown';
    case 'grounded-abstaining':
      return (
        goldFound(item, request) ??
        (LLM_ABSTENTIONS[hash(request.question + request.passages.length) % LLM_ABSTENTIONS.length] as string)
      );
    case 'copy-in-place': {
      const spot = spotOf(item);
      if (spot === undefined) return 'unknown';
      const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(
        `${literal(spot.before)}([\\s\\S]+?)${spot.after === '' ? '(?=[.,;]|$)' : literal(spot.after)}`,
        'iu',
      );
      for (const text of passageText(request)) {
        const found = pattern.exec(text);
        if (found !== null) return found[1] as string;
      }
      return 'unknown';
    }
  }
}

/** A reader over `items` as a ragseam generator. */
export function referenceReader(name: ReaderName, items: readonly SharedItem[]): Generator {
  const byQuestion = new Map(items.map((item) => [item.question, item]));
  return {
    id: `reference:${name}`,
    fingerprint: name,
    async generate(request): Promise<Generation> {
      const item = byQuestion.get(request.question);
      if (item === undefined) throw new Error(`reference reader: unknown question ${request.question}`);
      return { answer: answerer(name, item, request) };
    },
  };
}
