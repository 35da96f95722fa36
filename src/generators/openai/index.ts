import { ProviderError, UsageError } from '../../model/errors.js';
import { interpolateEnv, secretsIn } from '../../providers/http/env-template.js';
import { postJson } from '../../providers/http/post-json.js';
import { displayUrl } from '../../providers/http/redact.js';
import {
  DEFAULT_PROMPT_TEMPLATE,
  promptHash,
  renderFlatPrompt,
  renderPrompt,
  resolvePrompt,
  templateHash,
} from '../prompt-template.js';
import type { Generator, GeneratorFactory, ScoringGenerator } from '../types.js';
import { readCompletion, readEchoScore, scoreBody, scoredText } from './completions.js';
import { chatCompletionsUrl, OPENAI_DEFAULT_BASE_URL, OPENAI_DEFAULT_KEY_ENV } from './options.js';
import { readChatCompletion } from './response.js';

/** A 400 that says the server does not do log-probabilities (older Azure versions, some servers). */
function refusesLogprobs(error: unknown): boolean {
  return (
    error instanceof ProviderError && / returned 400: /.test(error.message) && /logprob/i.test(error.message)
  );
}

/**
 * `openai:<model>`: chat completions against the OpenAI API or any compatible server (Azure
 * OpenAI, vLLM, TGI, Ollama, llama.cpp server, LM Studio). A system message when one is given,
 * then one user message from the prompt template, temperature 0, log-probabilities requested when the server supports them.
 */
export const createOpenAIGenerator: GeneratorFactory = async (model, options) => {
  const settings = options.openai ?? {};
  const env = options.env ?? {};
  const baseUrl = settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
  const keyEnv = settings.apiKeyEnv ?? OPENAI_DEFAULT_KEY_ENV;
  const apiKey = env[keyEnv];
  if (
    (apiKey === undefined || apiKey === '') &&
    (settings.apiKeyEnv !== undefined || baseUrl === OPENAI_DEFAULT_BASE_URL)
  ) {
    throw new UsageError(`--generator openai:${model}: the API key variable ${keyEnv} is not set`, {
      hint: `export ${keyEnv}=... (the key is read from the environment only), or point --base-url at a server that needs no key`,
    });
  }
  const prompt = resolvePrompt(options, DEFAULT_PROMPT_TEMPLATE, '--template');
  const apiVersion = settings.apiVersion;
  const completions = settings.api === 'completions';
  const chatUrl = chatCompletionsUrl(baseUrl, model, apiVersion);
  const url = completions ? chatUrl.replace('/chat/completions', '/completions') : chatUrl;
  const extraHeaders = Object.fromEntries(
    Object.entries(settings.headers ?? {}).map(([name, value]) => [
      name,
      interpolateEnv(value, env, `header ${name}`),
    ]),
  );
  const secrets = [
    ...(apiKey === undefined || apiKey === '' ? [] : [apiKey]),
    ...Object.values(settings.headers ?? {}).flatMap((value) => secretsIn(value, env)),
  ];
  const headers: Record<string, string> = { ...extraHeaders };
  if (apiKey !== undefined && apiKey !== '') {
    if (apiVersion === undefined) headers.authorization = `Bearer ${apiKey}`;
    else headers['api-key'] = apiKey;
  }
  const temperature = settings.temperature ?? 0;
  // --max-new-tokens is for local models (its default suits them); the config sets this one.
  const maxTokens = settings.maxTokens ?? 256;
  const wantLogprobs = settings.logprobs ?? true;
  // Flipped once when the server refuses log-probabilities; answers do not depend on it.
  let sendLogprobs = wantLogprobs;
  const id = `openai:${model}`;

  const post = (payload: object, signal: AbortSignal | undefined) =>
    postJson({
      label: id,
      url,
      headers,
      body: payload,
      timeoutMs: options.timeoutMs,
      signal,
      secrets,
      followRedirects: options.followRedirects === true,
    });
  const where = (status: number) => `${id}: POST ${displayUrl(url)} returned ${status}`;

  const generator: Generator = {
    id,
    fingerprint: JSON.stringify({
      url: displayUrl(url),
      apiVersion: apiVersion ?? null,
      temperature,
      maxTokens,
      logprobs: wantLogprobs,
      ...(completions ? { api: 'completions' } : {}),
      template: promptHash(prompt),
      // Extra headers as sent (${NAME} values expanded) can select a model or a deployment; only
      // their hash is kept. The API key is left out: a new key does not change the answers.
      headers: templateHash(JSON.stringify(Object.entries(extraHeaders).sort())),
    }),
    async generate(request, signal) {
      const body = {
        model,
        ...(completions
          ? { prompt: renderFlatPrompt(prompt, request) }
          : {
              messages: [
                ...(prompt.system === undefined ? [] : [{ role: 'system', content: prompt.system }]),
                { role: 'user', content: renderPrompt(prompt.template, request) },
              ],
            }),
        temperature,
        max_tokens: maxTokens,
        // Completions take a count of alternatives per token, chat a flag.
        ...(sendLogprobs ? { logprobs: completions ? 1 : true } : {}),
      };
      const call = (payload: object) => post(payload, signal);
      let response: Awaited<ReturnType<typeof postJson>>;
      try {
        response = await call(body);
      } catch (error) {
        if (!sendLogprobs || !refusesLogprobs(error)) throw error;
        sendLogprobs = false;
        const { logprobs: _, ...withoutLogprobs } = body;
        response = await call(withoutLogprobs);
      }
      return (completions ? readCompletion : readChatCompletion)(
        response.json,
        response.text,
        where(response.status),
        secrets,
      );
    },
  };
  if (!completions) {
    if (!wantLogprobs) return generator;
    // A chat endpoint scores only what it generates: the answer's own log-probabilities.
    const generated: ScoringGenerator = {
      ...generator,
      scoring: 'generated',
      score: (requests, signal) =>
        Promise.all(
          requests.map(async (request) => {
            const { answer, logprobs } = await generator.generate(request, signal);
            return answer === request.answer && logprobs !== undefined
              ? logprobs.reduce((sum, value) => sum + value, 0)
              : Number.NaN;
          }),
        ),
    };
    return generated;
  }
  const scoring: ScoringGenerator = {
    ...generator,
    scoring: 'teacher-forced',
    // One call per answer: sequential calls keep the prompt the same as generation's.
    score: (requests, signal) =>
      Promise.all(
        requests.map(async (request) => {
          const { text, answerStart } = scoredText(renderFlatPrompt(prompt, request), request.answer);
          const response = await post(scoreBody(model, text), signal);
          return readEchoScore(
            response.json,
            response.text,
            { answerStart, answerEnd: text.length },
            where(response.status),
            secrets,
          );
        }),
      ),
  };
  return scoring;
};
