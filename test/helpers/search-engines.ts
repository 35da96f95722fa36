import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeVector, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { Passage } from '../../src/model/types.js';

/** Searches a corpus: the stand-ins rank with ragseam's own BM25 index, so results are checkable. */
export type Search = (question: string, topK: number) => Promise<Passage[]>;

/** A JSON reply, or raw bytes with their media type (LanceDB answers queries in Arrow IPC). */
type Reply = { status: number; json: unknown } | { status: number; bytes: Uint8Array; contentType: string };

type Route = (
  path: string,
  body: Record<string, unknown>,
  headers: IncomingMessage['headers'],
) => Reply | Promise<Reply>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const badRequest = (reason: string) => ({ status: 400, json: { error: reason } });

/**
 * Elasticsearch / OpenSearch `POST /<index>/_search` with a `match` query, answered as the
 * search API documents it: `hits.hits[]` with `_index`, `_id`, `_score` and `_source`.
 */
export function elasticsearchRoute(search: Search): Route {
  return async (path, body) => {
    const index = /^\/([^/_][^/]*)\/_search$/.exec(path)?.[1];
    if (index === undefined) return { status: 404, json: { error: `no route ${path}` } };
    const match = isRecord(body.query) && isRecord(body.query.match) ? body.query.match : undefined;
    const field = match === undefined ? undefined : match.text;
    const text = isRecord(field) ? field.query : field;
    if (typeof text !== 'string') return badRequest('query.match.text must be a string or {query}');
    const size = body.size ?? 10;
    if (typeof size !== 'number' || !Number.isInteger(size)) return badRequest('size must be an integer');
    const found = await search(text, size);
    return {
      status: 200,
      json: {
        took: 1,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
          total: { value: found.length, relation: 'eq' },
          max_score: found[0]?.score ?? null,
          hits: found.map((p) => ({
            _index: index,
            _id: p.id,
            _score: p.score,
            _source: { title: p.title, text: p.text },
          })),
        },
      },
    };
  };
}

/**
 * Qdrant `POST /collections/<name>/points/query` with a server-side BM25 `Document` query
 * (`{"text", "model": "qdrant/bm25"}`) on a named sparse vector, answered as the Query API
 * documents it: `result.points[]` with numeric `id`, `version`, `score` and `payload`.
 */
export function qdrantRoute(search: Search, positions: ReadonlyMap<string, number>, apiKey: string): Route {
  return async (path, body, headers) => {
    if (!/^\/collections\/[^/]+\/points\/query$/.test(path)) {
      return { status: 404, json: { status: { error: `Not found: ${path}` } } };
    }
    if (headers['api-key'] !== apiKey) return { status: 401, json: { status: { error: 'Invalid api-key' } } };
    const query = body.query;
    if (!isRecord(query) || typeof query.text !== 'string' || query.model !== 'qdrant/bm25') {
      return badRequest('query must be a Document {text, model: "qdrant/bm25"}');
    }
    if (body.using !== 'bm25') return badRequest('using must name the sparse vector "bm25"');
    if (typeof body.limit !== 'number') return badRequest('limit must be a number');
    if (body.with_payload !== true) return badRequest('with_payload must be true');
    const found = await search(query.text, body.limit);
    return {
      status: 200,
      json: {
        result: {
          points: found.map((p) => ({
            id: positions.get(p.id),
            version: 0,
            score: p.score,
            payload: { passage_id: p.id, title: p.title, text: p.text },
          })),
        },
        status: 'ok',
        time: 0.001,
      },
    };
  };
}

/** The one GraphQL shape the Weaviate stand-in reads: a `Get` with bm25 and limit, `_additional { score }` last. */
const WEAVIATE_GET =
  /^\{\s*Get\s*\{\s*(\w+)\s*\(\s*bm25:\s*\{\s*query:\s*("(?:[^"\\]|\\.)*")\s*\}\s*,\s*limit:\s*(\d+)\s*\)\s*\{([\w\s]*)_additional\s*\{\s*score\s*\}\s*\}\s*\}\s*\}$/;

/**
 * Weaviate `POST /v1/graphql` with a `Get { <Collection>(bm25: {query: "..."}, limit: n) { ... } }`
 * query, answered as its GraphQL API documents it: `data.Get.<Collection>[]` with the requested
 * properties and `_additional.score` as a string. A query it cannot read gets GraphQL's
 * `{"errors": [...]}`.
 */
export function weaviateRoute(search: Search, apiKey: string): Route {
  return async (path, body, headers) => {
    if (path !== '/v1/graphql') return { status: 404, json: { error: [{ message: `no route ${path}` }] } };
    if (headers.authorization !== `Bearer ${apiKey}`) {
      return { status: 401, json: { code: 401, message: 'anonymous access not enabled' } };
    }
    const parsed = typeof body.query === 'string' ? WEAVIATE_GET.exec(body.query.trim()) : null;
    if (parsed === null)
      return { status: 200, json: { data: null, errors: [{ message: 'cannot parse query' }] } };
    const [, collection = '', literal = '""', limit = '0', fields = ''] = parsed;
    // A GraphQL string literal's escapes are JSON's.
    const found = await search(JSON.parse(literal) as string, Number(limit));
    const wanted = fields.trim().split(/\s+/);
    const objects = found.map((p) => {
      const properties: Record<string, unknown> = { passage_id: p.id, title: p.title, text: p.text };
      return {
        ...Object.fromEntries(wanted.map((name) => [name, properties[name] ?? null])),
        _additional: { score: String(p.score) },
      };
    });
    return { status: 200, json: { data: { Get: { [collection]: objects } } } };
  };
}

/** The passage columns the LanceDB stand-in's table holds. */
const LANCEDB_COLUMNS = ['passage_id', 'title', 'text'] as const;

/**
 * LanceDB Cloud / Enterprise `POST /v1/table/<name>/query/` with a full-text query, as LanceDB's
 * own remote client sends it (`full_text_query {columns, query}`, `k`, an empty `vector`,
 * `columns` to return), answered as the REST API documents it: the result table as an Arrow IPC
 * file (`application/vnd.apache.arrow.file`) holding the requested columns and `_score` (float32),
 * best first. The key goes in `x-api-key`.
 */
export function lancedbRoute(search: Search, apiKey: string): Route {
  return async (path, body, headers) => {
    if (!/^\/v1\/table\/[^/]+\/query\/?$/.test(path))
      return { status: 404, json: { message: `no route ${path}` } };
    if (headers['x-api-key'] !== apiKey) return { status: 401, json: { message: 'Unauthorized' } };
    const fts = body.full_text_query;
    if (!isRecord(fts) || typeof fts.query !== 'string' || !Array.isArray(fts.columns)) {
      return badRequest('full_text_query must be {columns, query}');
    }
    if (!Array.isArray(body.vector) || body.vector.length > 0)
      return badRequest('vector must be empty for a full-text query');
    if (typeof body.k !== 'number' || !Number.isInteger(body.k)) return badRequest('k must be an integer');
    const columns = Array.isArray(body.columns) ? body.columns : [...LANCEDB_COLUMNS];
    const unknown = columns.filter(
      (c) => c !== '_score' && !(LANCEDB_COLUMNS as readonly unknown[]).includes(c),
    );
    if (unknown.length > 0) return badRequest(`no column ${String(unknown[0])}`);
    const found = await search(fts.query, body.k);
    const values = (column: string) =>
      found.map((p) => (column === 'passage_id' ? p.id : column === 'title' ? (p.title ?? '') : p.text));
    const output = columns.includes('_score') ? columns : [...columns, '_score'];
    const table = new Table(
      Object.fromEntries(
        output.map((column) => [
          column,
          column === '_score'
            ? makeVector(Float32Array.from(found, (p) => p.score ?? 0))
            : vectorFromArray(values(String(column)), new Utf8()),
        ]),
      ),
    );
    return {
      status: 200,
      bytes: tableToIPC(table, 'file'),
      contentType: 'application/vnd.apache.arrow.file',
    };
  };
}

/** Serves one route on 127.0.0.1 (port 0); POST with a JSON body only. */
export async function startSearchEngine(
  route: Route,
): Promise<{ url: string; server: Server; requests: unknown[] }> {
  const requests: unknown[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', async () => {
      const reply = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (
        request.method !== 'POST' ||
        !String(request.headers['content-type']).includes('application/json')
      ) {
        reply(405, { error: 'POST application/json only' });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        reply(400, { error: 'body is not JSON' });
        return;
      }
      requests.push(body);
      if (!isRecord(body)) return reply(400, { error: 'body must be an object' });
      const answer = await route(request.url ?? '/', body, request.headers);
      if ('json' in answer) return reply(answer.status, answer.json);
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests };
}
