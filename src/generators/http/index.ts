import { createHash } from 'node:crypto';
import { ProviderError, UsageError } from '../../model/errors.js';
import { checkBodyTemplate, renderBody } from '../../providers/http/body-template.js';
import { interpolateEnv, secretsIn } from '../../providers/http/env-template.js';
import { formatJsonPath, getAtPath, type PathStep, parseJsonPath } from '../../providers/http/json-path.js';
import { excerpt, postJson } from '../../providers/http/post-json.js';
import { displayUrl } from '../../providers/http/redact.js';
import {
  DEFAULT_PROMPT_TEMPLATE,
  formatPassages,
  renderFlatPrompt,
  resolvePrompt,
} from '../prompt-template.js';
import type { Generator, GeneratorFactory } from '../types.js';
import { HTTP_GENERATOR_DEFAULT_ANSWER_PATH, HTTP_GENERATOR_DEFAULT_BODY } from './options.js';

/** Parses a JSON path setting, or fails with a usage error naming the setting. */
export function jsonPathSetting(path: string, setting: string): PathStep[] {
  const steps = parseJsonPath(path);
  if ('error' in steps) throw new UsageError(`${setting}: ${steps.error}`);
  return steps;
}

/** Headers with `${NAME}` filled from the environment, and the secret values they carry. */
export function resolveHeaders(
  headers: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
): { headers: Record<string, string>; secrets: string[] } {
  return {
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, interpolateEnv(value, env, `header ${name}`)]),
    ),
    secrets: Object.values(headers).flatMap((value) => secretsIn(value, env)),
  };
}

/**
 * `http:<url>`: POSTs a JSON body built from a template to the user's own service and reads the
 * answer at a JSON path. The URL may carry `${NAME}` environment variables; the id shows it as
 * written, never filled in.
 */
export const createHttpGenerator: GeneratorFactory = async (rawUrl, options) => {
  const settings = options.http ?? {};
  const env = options.env ?? {};
  const url = interpolateEnv(rawUrl.trim(), env, `--generator http:${rawUrl}`);
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--generator http:${rawUrl}: not a URL`, {
      hint: 'write it in full, e.g. http:http://localhost:8080/answer',
    });
  }
  const body = settings.body ?? HTTP_GENERATOR_DEFAULT_BODY;
  checkBodyTemplate(body, ['question', 'passages', 'top_k', 'prompt'], 'http generator body');
  const prompt = resolvePrompt(options, DEFAULT_PROMPT_TEMPLATE, '--template');
  const answerPath = jsonPathSetting(
    settings.answerPath ?? HTTP_GENERATOR_DEFAULT_ANSWER_PATH,
    'http generator answer path',
  );
  const logprobsPath =
    settings.logprobsPath === undefined
      ? undefined
      : jsonPathSetting(settings.logprobsPath, 'http generator logprobs path');
  const { headers, secrets } = resolveHeaders(settings.headers ?? {}, env);
  secrets.push(...secretsIn(rawUrl, env));
  const id = `http:${rawUrl.includes('${') ? rawUrl.trim() : displayUrl(url)}`;

  const generator: Generator = {
    id,
    fingerprint: createHash('sha256')
      // The URL and headers as sent (${NAME} values expanded): they select what answers. Only
      // this hash is kept, never the values.
      .update(
        JSON.stringify([
          rawUrl.trim(),
          body,
          answerPath,
          logprobsPath ?? null,
          prompt.template,
          url,
          headers,
          ...(prompt.system === undefined ? [] : [prompt.system]),
        ]),
      )
      .digest('hex')
      .slice(0, 24),
    async generate(request, signal) {
      const payload = renderBody(body, {
        question: request.question,
        passages: request.passages.map((p) => ({ id: p.id, title: p.title ?? null, text: p.text })),
        passagesText: formatPassages(request),
        top_k: request.passages.length,
        prompt: renderFlatPrompt(prompt, request),
      });
      const response = await postJson({
        label: id,
        url,
        headers,
        body: payload,
        timeoutMs: options.timeoutMs,
        signal,
        secrets,
        followRedirects: options.followRedirects === true,
      });
      const where = `${id}: POST ${displayUrl(url)} returned ${response.status}`;
      const found = getAtPath(response.json, answerPath);
      if (!found.found) {
        throw new ProviderError(
          `${where}: no value at ${formatJsonPath(answerPath)}: ${excerpt(response.text, secrets)}`,
          {
            hint: 'check the answer path (answerPath in ragseam.config.json, or --http-answer-path)',
          },
        );
      }
      if (typeof found.value !== 'string' || found.value.trim() === '') {
        throw new ProviderError(
          `${where}: the value at ${formatJsonPath(answerPath)} is ${typeof found.value === 'string' ? 'empty' : `not a string`}: ${excerpt(response.text, secrets)}`,
        );
      }
      const answer = found.value.trim();
      if (logprobsPath === undefined) return { answer };
      const logprobs = getAtPath(response.json, logprobsPath);
      const numbers =
        logprobs.found && Array.isArray(logprobs.value) && logprobs.value.every((x) => typeof x === 'number')
          ? (logprobs.value as number[])
          : undefined;
      return numbers === undefined ? { answer } : { answer, logprobs: numbers };
    },
  };
  return generator;
};
