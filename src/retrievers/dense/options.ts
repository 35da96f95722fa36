import { UsageError } from '../../model/errors.js';

/** What `dense:<model>[?exact | ?lists=N&probes=N]` asks for. */
export interface DenseArgument {
  readonly model: string;
  /** Score every passage (brute force), never the approximate index. */
  readonly exact: boolean;
  /** IVF lists (rounded to a square); set, it builds the approximate index at any corpus size. */
  readonly lists?: number;
  /** IVF lists scanned per question. */
  readonly probes?: number;
}

const USAGE = 'dense:<model>[?exact | ?lists=N&probes=N]';

function positiveInteger(name: string, value: string, argument: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(
      `--retriever dense:${argument}: "${name}" must be a positive integer (got "${value}")`,
      {
        hint: USAGE,
      },
    );
  }
  return number;
}

/** Splits `dense:`'s argument into the model and its search options. */
export function parseDenseArgument(argument: string): DenseArgument {
  const mark = argument.indexOf('?');
  const model = mark === -1 ? argument : argument.slice(0, mark);
  if (model.trim() === '')
    throw new UsageError('--retriever dense needs a model: dense:<model folder or id>', { hint: USAGE });
  let result: { -readonly [K in keyof DenseArgument]: DenseArgument[K] } = { model, exact: false };
  if (mark === -1) return result;
  for (const pair of argument.slice(mark + 1).split('&')) {
    const [name = '', value] = pair.split('=', 2);
    if (name === 'exact' && value === undefined) result.exact = true;
    else if (name === 'lists' && value !== undefined)
      result = { ...result, lists: positiveInteger(name, value, argument) };
    else if (name === 'probes' && value !== undefined)
      result = { ...result, probes: positiveInteger(name, value, argument) };
    else {
      throw new UsageError(`--retriever dense:${argument}: unknown option "${pair}"`, {
        hint: `valid: ${USAGE}`,
      });
    }
  }
  if (result.exact && (result.lists !== undefined || result.probes !== undefined)) {
    throw new UsageError(`--retriever dense:${argument}: "exact" takes no lists or probes`, { hint: USAGE });
  }
  return result;
}
