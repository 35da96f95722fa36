/**
 * The `openai` kind against a completions endpoint (`"api": "completions"` in the config file's
 * "openai" block): the prompt is sent as text, so a given answer can be scored by teacher
 * forcing. Request and response shapes follow OpenAI's legacy Completions API
 * (https://platform.openai.com/docs/api-reference/completions/create: `echo`, `logprobs`, and
 * `choices[i].logprobs` = {tokens, token_logprobs, top_logprobs, text_offset}, `text_offset`
 * counted in characters from the start of the prompt), which vLLM's OpenAI-compatible server
 * (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html, `vllm/entrypoints/openai/
 * serving_completion.py`) also serves with `echo: true`.
 */
import { ProviderError } from '../../model/errors.js';
import { excerpt } from '../../providers/http/post-json.js';
import type { Generation } from '../types.js';
import { firstChoice, record } from './response.js';

/** `{{prompt}}` + answer as the scoring request sends it: a space between, unless the prompt ends in one. */
export function scoredText(prompt: string, answer: string): { text: string; answerStart: number } {
  const joiner = prompt === '' || /\s$/u.test(prompt) ? '' : ' ';
  return { text: `${prompt}${joiner}${answer}`, answerStart: prompt.length + joiner.length };
}

/** The body of a scoring request: the text echoed back with each token's log-probability. */
export function scoreBody(model: string, text: string): Record<string, unknown> {
  // One generated token at most (some servers refuse 0); only the echoed tokens are read.
  return { model, prompt: text, echo: true, logprobs: 1, max_tokens: 1, temperature: 0 };
}

/**
 * The answer's log-probability from an echoed scoring response: the sum of `token_logprobs` over
 * the tokens whose `text_offset` falls in [answerStart, answerEnd). A token that starts before the
 * answer and runs into it (a merge across the boundary) counts with the answer: its probability is
 * the model's for the text that begins the answer.
 */
export function readEchoScore(
  json: unknown,
  text: string,
  span: { answerStart: number; answerEnd: number },
  where: string,
  secrets: readonly string[],
): number {
  const fail = (what: string) => new ProviderError(`${where}: ${what}: ${excerpt(text, secrets)}`);
  const logprobs = record(firstChoice(json, fail).logprobs);
  const offsets = logprobs?.text_offset;
  const values = logprobs?.token_logprobs;
  const tokens = logprobs?.tokens;
  if (!Array.isArray(offsets) || !Array.isArray(values) || !Array.isArray(tokens))
    throw fail(
      '"choices[0].logprobs" has no text_offset, token_logprobs and tokens (does the server support echo?)',
    );
  let total = 0;
  let counted = 0;
  offsets.forEach((offset, i) => {
    const end = Number(offset) + String(tokens[i] ?? '').length;
    if (typeof offset !== 'number' || offset >= span.answerEnd || end <= span.answerStart) return;
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw fail(`no log-probability for the answer token at offset ${offset}`);
    total += value;
    counted++;
  });
  if (counted === 0) throw fail('the echoed tokens do not cover the answer');
  return total;
}

/** The answer of a completions response (`choices[0].text`), with its token log-probabilities. */
export function readCompletion(
  json: unknown,
  text: string,
  where: string,
  secrets: readonly string[],
): Generation {
  const fail = (what: string) => new ProviderError(`${where}: ${what}: ${excerpt(text, secrets)}`);
  const choice = firstChoice(json, fail);
  if (typeof choice.text !== 'string') throw fail('"choices[0].text" is not a string');
  const answer = choice.text.trim();
  if (answer === '') throw fail('"choices[0].text" is empty');
  const values = record(choice.logprobs)?.token_logprobs;
  const logprobs =
    Array.isArray(values) &&
    values.length > 0 &&
    values.every((v) => typeof v === 'number' && Number.isFinite(v))
      ? (values as number[])
      : undefined;
  return logprobs === undefined ? { answer } : { answer, logprobs };
}
