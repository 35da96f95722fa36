import { ProviderError } from '../../model/errors.js';
import { displayUrl, redact } from './redact.js';

const EXCERPT_CHARS = 200;

/** A JSON POST to a provider endpoint. */
export interface JsonRequest {
  /** Names the provider in messages, e.g. "openai:gpt-4o-mini". */
  readonly label: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Whole call, from sending to the last byte of the body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Values scrubbed from every message (API keys, tokens). */
  readonly secrets: readonly string[];
}

/** A response that came back 2xx with a JSON body. */
export interface JsonResponse {
  readonly status: number;
  readonly json: unknown;
  /** The raw body, for excerpts in messages about its content. */
  readonly text: string;
}

/** Statuses worth trying again: the request timed out, was rate limited, or the server failed. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The first characters of a body, on one line, with secrets removed. */
export function excerpt(text: string, secrets: readonly string[]): string {
  const line = redact(text, secrets).replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length <= EXCERPT_CHARS ? line : `${line.slice(0, EXCERPT_CHARS)}…`;
}

function networkCode(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    message = current.message;
    current = current.cause;
  }
  return message;
}

/**
 * POSTs JSON and returns the parsed JSON body of a 2xx response. Every failure is a
 * {@link ProviderError} naming the endpoint (without query or credentials), the status and a short
 * excerpt of the body: timeouts, connection failures, 408/429/5xx (with `Retry-After`) and bodies
 * that are not JSON can be retried; other statuses (400, 401, 404 ...) are fatal.
 */
export async function postJson(request: JsonRequest): Promise<JsonResponse> {
  const endpoint = `POST ${displayUrl(request.url)}`;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timeout.aborted) {
      throw new ProviderError(`${request.label}: no response within ${request.timeoutMs} ms (${endpoint})`);
    }
    throw new ProviderError(`${request.label}: connection failed (${networkCode(error)}) (${endpoint})`, {
      hint: 'check that the server is running and the URL is right',
    });
  }
  const where = `${request.label}: ${endpoint} returned ${status}`;
  if (status < 200 || status >= 300) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    throw new ProviderError(`${where}: ${excerpt(text, request.secrets)}`, {
      fatal: !isRetryableStatus(status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(status === 401 || status === 403
        ? {
            hint: 'the server refused the credentials: check the API key variable (--api-key-env) or headers',
          }
        : status === 404
          ? { hint: 'check the URL, the model or deployment name, and the API version' }
          : {}),
    });
  }
  try {
    return { status, json: JSON.parse(text) as unknown, text };
  } catch {
    throw new ProviderError(`${where} a body that is not JSON: ${excerpt(text, request.secrets)}`);
  }
}
