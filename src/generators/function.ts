import { createHash } from 'node:crypto';
import { ProviderError } from '../model/errors.js';
import type { Generation, Generator, PromptPassage } from './types.js';

/**
 * A generator written as a JavaScript function (the programmatic API): the question and its
 * passages in rank order in, the answer (or an answer with token log-probabilities) out.
 */
export type GenerateFunction = (
  question: string,
  passages: readonly PromptPassage[],
) => Promise<string | Generation> | string | Generation;

/** The id a function generator is reported by: `function:<its name>`. */
export function functionGeneratorId(generate: GenerateFunction): string {
  return `function:${generate.name === '' ? 'anonymous' : generate.name}`;
}

/** Wraps a function as a {@link Generator}; a call that returns no string is a provider error. */
export function functionGenerator(generate: GenerateFunction): Generator {
  const id = functionGeneratorId(generate);
  return {
    id,
    // The source text, so an edited function does not share answers with its old self in a cache.
    fingerprint: createHash('sha256').update(generate.toString()).digest('hex').slice(0, 16),
    async generate(request) {
      const result = await generate(request.question, request.passages);
      const generation = typeof result === 'string' ? { answer: result } : result;
      if (typeof generation?.answer !== 'string') {
        throw new ProviderError(`${id} returned no answer (expected a string or {answer})`, {
          fatal: true,
        });
      }
      return generation;
    },
  };
}
