import { ProviderError, RagseamError } from '../../model/errors.js';
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
  /** Largest response body read, in bytes; a longer one is a provider error. */
  readonly maxBodyBytes?: number;
  /**
   * Follow redirects that stay on the request's origin and keep the method (307, 308), up to
   * {@link MAX_REDIRECTS} (`--follow-redirects`). Any other redirect is still an error.
   */
  readonly followRedirects?: boolean;
  /**
   * Readers for 2xx bodies that are not JSON, by media type (e.g. Arrow IPC): each turns the raw
   * bytes into the value `json` then holds. A body of any other type must be JSON.
   */
  readonly binaryReaders?: Readonly<Record<string, (bytes: Uint8Array) => Promise<unknown>>>;
}

/** Most same-origin redirects followed for one request. */
export const MAX_REDIRECTS = 5;

/** The default cap on a response body: far above any answer, far below what exhausts memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A response that came back 2xx with a JSON body. */
export interface JsonResponse {
  readonly status: number;
  readonly json: unknown;
  /** The raw body (for a binary body, `json` written as JSON), for excerpts in messages about its content. */
  readonly text: string;
}

/** Statuses worth trying again: the request timed out, was rate limited, or the server failed. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/**
 * `Retry-After` as milliseconds: delay-seconds (decimal digits only, RFC 9110 §10.2.3, so `0x10`
 * or `1e3` are not numbers of seconds) or an HTTP date; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
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

/** Reads a body's bytes, stopping with a provider error past `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, where: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  const tooLong = () =>
    new ProviderError(`${where}: the response body is longer than ${maxBytes} bytes`, {
      fatal: true,
      hint: 'the server sent far more than an answer; check the URL and the server',
    });
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLong();
  }
  if (response.body === null) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw tooLong();
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** A redirect is refused: following it would send the credentials to wherever it points. */
function redirectError(
  request: JsonRequest,
  endpoint: string,
  status: number,
  location: string | null,
  why: string,
) {
  const target = location === null ? '(no Location header)' : redact(location, request.secrets);
  return new ProviderError(
    `${request.label}: ${endpoint} returned ${status}, a redirect to ${target}; ${why}`,
    {
      fatal: true,
      hint: request.followRedirects
        ? 'point the URL at the final endpoint'
        : 'point the URL at the final endpoint, or pass --follow-redirects to follow redirects that stay on the same origin and keep the method (307, 308)',
    },
  );
}

/**
 * Where a redirect may be followed to, or why not: only with `followRedirects`, only 307/308 (a
 * 301/302/303 turns the POST into a GET), only to the same scheme, host and port (another origin
 * would receive the key and headers), and at most {@link MAX_REDIRECTS} times.
 */
export function redirectTarget(
  from: string,
  status: number,
  location: string | null,
  hops: number,
  follow: boolean,
): { url: string } | { refused: string } {
  if (!follow) return { refused: 'ragseam does not follow redirects' };
  if (location === null) return { refused: 'there is nowhere to follow it to' };
  if (status !== 307 && status !== 308) {
    return { refused: `a ${status} would turn the POST into a GET, so it is not followed` };
  }
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return { refused: 'the Location is not a URL' };
  }
  if (target.origin !== new URL(from).origin) {
    return {
      refused: 'it leaves the origin, which would send the key and headers there, so it is not followed',
    };
  }
  if (hops >= MAX_REDIRECTS) return { refused: `more than ${MAX_REDIRECTS} redirects in a row` };
  return { url: target.href };
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
  let body: Uint8Array;
  let mediaType: string;
  let retryAfter: string | null;
  try {
    let url = request.url;
    let response: Response;
    for (let hops = 0; ; hops++) {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
        body: JSON.stringify(request.body),
        signal,
        // A redirect would carry the key and headers to another host, and a 302/303 would turn
        // the POST into a GET whose reply is not an answer: each is checked below instead.
        redirect: 'manual',
      });
      status = response.status;
      if (status < 300 || status >= 400) break;
      await response.body?.cancel();
      const location = response.headers.get('location');
      const next = redirectTarget(url, status, location, hops, request.followRedirects === true);
      if ('refused' in next) {
        throw redirectError(request, `POST ${displayUrl(url)}`, status, location, next.refused);
      }
      url = next.url;
    }
    retryAfter = response.headers.get('retry-after');
    mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    body = await readCapped(
      response,
      request.maxBodyBytes ?? MAX_RESPONSE_BYTES,
      `${request.label}: ${endpoint}`,
    );
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (error instanceof ProviderError) throw error;
    if (timeout.aborted) {
      throw new ProviderError(`${request.label}: no response within ${request.timeoutMs} ms (${endpoint})`);
    }
    // The cause's text can quote the URL with its credentials or an invalid header value.
    const cause = redact(networkCode(error), request.secrets);
    throw new ProviderError(`${request.label}: connection failed (${cause}) (${endpoint})`, {
      hint: 'check that the server is running and the URL is right',
    });
  }
  const where = `${request.label}: ${endpoint} returned ${status}`;
  const reader = request.binaryReaders?.[mediaType];
  if (reader !== undefined && status >= 200 && status < 300) {
    let json: unknown;
    try {
      json = await reader(body);
    } catch (error) {
      if (error instanceof RagseamError) throw error;
      throw new ProviderError(
        `${where} a body of ${body.byteLength} bytes in ${mediaType} that cannot be read: ${redact(String((error as Error).message ?? error), request.secrets)}`,
        { fatal: true, hint: 'check that the server sends uncompressed data in the format it names' },
      );
    }
    return { status, json, text: JSON.stringify(json) ?? '' };
  }
  const text = new TextDecoder().decode(body);
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
