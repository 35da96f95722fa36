import { createHash } from 'node:crypto';
import { ARROW_MEDIA_TYPES, readArrowRows } from '../../backends/arrow.js';
import { ProviderError, UsageError } from '../../model/errors.js';
import { checkBodyTemplate, renderBody } from '../../providers/http/body-template.js';
import { interpolateEnv, secretsIn } from '../../providers/http/env-template.js';
import { type PathStep, parseJsonPath } from '../../providers/http/json-path.js';
import { excerpt, postJson } from '../../providers/http/post-json.js';
import { displayUrl } from '../../providers/http/redact.js';
import type { RemoteRetriever, RetrieverFactory } from '../types.js';
import { HTTP_RETRIEVER_DEFAULT_BODY } from './options.js';
import { type PassageMapping, readPassages } from './read-passages.js';

/** Search services that answer in Arrow IPC (LanceDB's table query): read as a list of row objects. */
const BINARY_READERS = Object.fromEntries(ARROW_MEDIA_TYPES.map((type) => [type, readArrowRows]));

function pathSetting(path: string, setting: string): PathStep[] {
  const steps = parseJsonPath(path);
  if ('error' in steps) throw new UsageError(`${setting}: ${steps.error}`);
  return steps;
}

/**
 * `http:<url>`: POSTs a JSON body built from a template to the user's search service and maps
 * the response's passage list (JSON paths) to passages in rank order, top-k of them. A response
 * in Arrow IPC is read as a list of row objects (passages path `$`).
 */
export const createHttpRetriever: RetrieverFactory = async (rawUrl, options) => {
  if (rawUrl.trim() === '') throw new UsageError('--retriever http needs a URL: http:<url>');
  const settings = options.http ?? {};
  const env = options.env ?? {};
  const url = interpolateEnv(rawUrl.trim(), env, `--retriever http:${rawUrl}`);
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--retriever http:${rawUrl}: not a URL`, {
      hint: 'write it in full, e.g. http:http://localhost:9200/search',
    });
  }
  const body = settings.body ?? HTTP_RETRIEVER_DEFAULT_BODY;
  checkBodyTemplate(body, ['question', 'question_json', 'top_k', 'id'], 'http retriever body');
  const mapping: PassageMapping = {
    list: pathSetting(settings.passagesPath ?? 'passages', 'http retriever passages path'),
    text: pathSetting(settings.textField ?? 'text', 'http retriever text field'),
    id: pathSetting(settings.idField ?? 'id', 'http retriever id field'),
    title: pathSetting(settings.titleField ?? 'title', 'http retriever title field'),
    score: pathSetting(settings.scoreField ?? 'score', 'http retriever score field'),
  };
  const headers = Object.fromEntries(
    Object.entries(settings.headers ?? {}).map(([name, value]) => [
      name,
      interpolateEnv(value, env, `header ${name}`),
    ]),
  );
  const secrets = [...Object.values(settings.headers ?? {}), rawUrl].flatMap((value) =>
    secretsIn(value, env),
  );
  const id = `http:${rawUrl.includes('${') ? rawUrl.trim() : displayUrl(url)}`;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const retriever: RemoteRetriever = {
    id,
    fingerprint: createHash('sha256')
      // The URL and headers as sent (${NAME} values expanded), hashed, never kept in clear.
      .update(JSON.stringify([rawUrl.trim(), body, mapping, url, headers]))
      .digest('hex')
      .slice(0, 24),
    async retrieve(query, topK, signal) {
      const payload = renderBody(body, { question: query.question, top_k: topK, id: query.id });
      const response = await postJson({
        label: `retriever ${id}`,
        url,
        headers,
        body: payload,
        timeoutMs,
        signal,
        secrets,
        followRedirects: options.followRedirects === true,
        binaryReaders: BINARY_READERS,
      });
      const fail = (what: string) =>
        new ProviderError(
          `retriever ${id}: POST ${displayUrl(url)} returned ${response.status}: ${what}: ${excerpt(response.text, secrets)}`,
          {
            hint: 'check the passage mapping (http.retriever in ragseam.config.json)',
          },
        );
      return readPassages(response.json, mapping, query.id, fail).slice(0, topK);
    },
  };
  return retriever;
};
