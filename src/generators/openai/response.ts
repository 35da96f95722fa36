import { ProviderError } from '../../model/errors.js';
import { excerpt } from '../../providers/http/post-json.js';
import type { Generation } from '../types.js';

/** The value as a JSON object, or undefined when it is not one. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Token log-probabilities of `choices[0].logprobs.content[*].logprob`, when all are numbers. */
function tokenLogprobs(choice: Record<string, unknown>): number[] | undefined {
  const content = record(choice.logprobs)?.content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const values = content.map((token) => record(token)?.logprob);
  return values.every((value): value is number => typeof value === 'number' && Number.isFinite(value))
    ? values
    : undefined;
}

/** The first choice of a (chat) completions response, or a provider error quoting the body. */
export function firstChoice(json: unknown, fail: (what: string) => ProviderError): Record<string, unknown> {
  const choices = record(json)?.choices;
  if (!Array.isArray(choices)) throw fail('the response has no "choices"');
  const choice = record(choices[0]);
  if (choice === undefined) throw fail('the response has an empty "choices" list');
  return choice;
}

/**
 * Reads a chat-completions response body. No choices, no message, or empty content is a
 * (retryable) provider error quoting the body, never an empty answer.
 */
export function readChatCompletion(
  json: unknown,
  text: string,
  where: string,
  secrets: readonly string[],
): Generation {
  const fail = (what: string) => new ProviderError(`${where}: ${what}: ${excerpt(text, secrets)}`);
  const choice = firstChoice(json, fail);
  const content = record(choice.message)?.content;
  if (typeof content !== 'string') throw fail('"choices[0].message.content" is not a string');
  const answer = content.trim();
  if (answer === '') throw fail('"choices[0].message.content" is empty');
  const logprobs = tokenLogprobs(choice);
  return logprobs === undefined ? { answer } : { answer, logprobs };
}
