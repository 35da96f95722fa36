import { describe, expect, test } from 'vitest';
import { isAbstention } from '../../src/metrics/abstention.js';

/**
 * Abstentions as language models write them. Collected from real model outputs reported in
 * RAG evaluation work (CLAPNQ's unanswerable task, RGB's negative rejection, the "I don't know"
 * outputs of instruction-tuned models on SQuAD 2.0) and from the wording the major vendors'
 * documentation shows their models using when the context lacks the answer. Grouped by family.
 */
const ABSTAINING: Record<string, readonly string[]> = {
  'whole-answer forms': [
    '',
    '   ',
    '?!',
    'unknown',
    'Unknown.',
    'N/A',
    'n/a',
    'NA',
    'Unanswerable.',
    'unanswerable',
    'No answer',
    'No answer found.',
    'Not specified.',
    'Not mentioned.',
    'Not stated',
    'Not provided in the context.',
    'Not available.',
    'Unclear.',
    'Insufficient information.',
    'Not enough information',
    'cannot answer',
    'Cannot be determined.',
    'No idea.',
    'Not sure.',
  ],
  'does not say / mention / specify': [
    'The passage does not say.',
    "The context doesn't mention it.",
    'The passages do not specify the year.',
    'The text does not state who won.',
    'The provided documents do not contain this information.',
    "The article doesn't say when it was built.",
    'The context does not explicitly mention the capital of Alabama.',
    'The given passages do not provide an answer to this question.',
    'The documents do not indicate his age.',
  ],
  'cannot find / answer / determine': [
    'I cannot find this in the context.',
    "I can't find the answer in the passages.",
    'I cannot answer this question based on the provided context.',
    'I am unable to determine the answer from the given information.',
    "I couldn't find any information about that.",
    'It cannot be determined from the passages.',
    'The answer cannot be found in the provided documents.',
    'Unable to answer based on the context.',
    'I can not tell from the text.',
  ],
  'not enough information': [
    'There is not enough information to answer.',
    'Insufficient context to answer the question.',
    'The context lacks sufficient information to answer this.',
    'There is no information about this in the passages.',
    'No relevant information was found.',
    'The passages provide no information on the subject.',
    'I do not have enough information to answer that question.',
  ],
  apologies: [
    "Sorry, I don't know.",
    "I'm sorry, but the passages don't cover that.",
    'I apologize, but I cannot answer this question.',
    'Sorry, the context does not include this.',
    'Unfortunately, the provided text does not contain the answer.',
  ],
  'not in the context / passages / documents': [
    'This is not in the context.',
    'The answer is not in the passages.',
    'That information is not in the provided documents.',
    'Not in context.',
    'None of the passages mention this.',
    'The answer is not mentioned in the text.',
    'It is not stated in the passage.',
  ],
  'knowing and certainty': [
    "I don't know",
    'I DON\u2019T KNOW!',
    'I do not know.',
    "I'm not sure.",
    'I am not certain of the answer.',
    'We do not know from this context.',
    'The answer is unknown.',
  ],
};

/** Real answers, several of them from the shared datasets, that must not read as abstentions. */
const ANSWERING: readonly string[] = [
  'Paris',
  // XQuAD: "None" is a gold answer (the number of something), "A" is a grade.
  'None',
  'none',
  'A',
  'N',
  'no',
  'No.',
  'yes',
  'unknown soldier',
  'The Tomb of the Unknown Soldier',
  'I know',
  'None of the above',
  'Nobody Knows',
  'Not Fade Away',
  'Sorry Seems to Be the Hardest Word',
  "I Don't Know How to Love Him",
  'The Unknown Known',
  'Unforgiven',
  'Never Say Never',
  'The passage says 1843.',
  "The context doesn't say much, but it is likely 1843.",
  'Curve has more members than Saint Motel.',
  'Hepatitis B',
  'The film was not released in the United States until 1999.',
];

describe('isAbstention', () => {
  const phrasings = Object.values(ABSTAINING).flat();
  test('the table holds at least 60 phrasings', () => {
    expect(phrasings.length).toBeGreaterThanOrEqual(60);
  });
  for (const [family, rows] of Object.entries(ABSTAINING)) {
    test.each(rows)(`${family}: %j is an abstention`, (answer) => {
      expect(isAbstention(answer)).toBe(true);
    });
  }
  test.each(ANSWERING)('%j is an answer', (answer) => {
    expect(isAbstention(answer)).toBe(false);
  });
});
