/** Row formats `ragseam probe` reads (`--input-format`); `auto` decides from the first row. */
export const INPUT_FORMATS = ['auto', 'ragseam', 'ragas', 'ragchecker'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export type RowFormat = Exclude<InputFormat, 'auto'>;

const RAGAS_KEYS = [
  'user_input',
  'retrieved_contexts',
  'contexts',
  'ground_truth',
  'ground_truths',
  'reference',
];
const RAGCHECKER_KEYS = ['gt_answer', 'retrieved_context', 'query_id'];

/**
 * Which format a row is in, from its keys: RAGChecker rows have `query` with `gt_answer`,
 * `retrieved_context` or `query_id`; RAGAS rows have `user_input`, `retrieved_contexts`,
 * `contexts`, `ground_truth(s)` or `reference`; anything else is read as ragseam's own format.
 */
export function detectRowFormat(row: unknown): RowFormat {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return 'ragseam';
  const has = (key: string) => Object.hasOwn(row, key);
  if (has('passages') || has('answers')) return 'ragseam';
  if (has('query') && RAGCHECKER_KEYS.some(has)) return 'ragchecker';
  if (RAGAS_KEYS.some(has)) return 'ragas';
  return 'ragseam';
}
