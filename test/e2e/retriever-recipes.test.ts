import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/model/types.js';
import { createRetriever } from '../../src/retrievers/registry.js';
import type { Retriever } from '../../src/retrievers/types.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import {
  elasticsearchRoute,
  lancedbRoute,
  qdrantRoute,
  type Search,
  startSearchEngine,
  weaviateRoute,
} from '../helpers/search-engines.js';

// The `http:` recipes of docs/providers.md (fixtures/recipes/*.config.json) against stand-ins that
// speak each engine's documented search API and rank the world corpus with ragseam's own BM25:
// every passage in the report must be the engine's hit, mapped field by field, in its order.
const CORPUS = join(ROOT, 'fixtures/world/corpus.jsonl');
const TOP_K = 3;

let bm25: Retriever;
let search: Search;
let dataset: string;
let questions: string[];

beforeAll(async () => {
  bm25 = await createRetriever(`bm25:${CORPUS}`, { cacheDir: tempDir() });
  search = (question, topK) => bm25.retrieve({ id: 'q', question }, topK);
  const rows = readFileSync(join(ROOT, 'fixtures/world/demo.jsonl'), 'utf8').trim().split('\n').slice(0, 6);
  questions = rows.map((line) => (JSON.parse(line) as { question: string }).question);
  dataset = join(tempDir(), 'questions.jsonl');
  writeFileSync(dataset, `${rows.join('\n')}\n`);
});

afterAll(async () => {
  await bm25.close?.();
});

async function probeWith(recipe: string, retriever: string, env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(
    [
      'probe',
      dataset,
      '--generator',
      'exec:node fixtures/examples/reader.mjs',
      '--retriever',
      retriever,
      '--config',
      join(ROOT, 'fixtures/recipes', recipe),
      '--top-k',
      String(TOP_K),
      '--probes',
      'shuffle',
      '--no-cache',
      '--format',
      'json',
    ],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { questions: { question: string; passages: Passage[] }[] };
}

/** `score` is how the engine stores a score (LanceDB's `_score` is a float32). */
async function expectEngineHits(
  report: { questions: { question: string; passages: Passage[] }[] },
  score = (value: number | undefined) => value,
) {
  expect(report.questions.map((r) => r.question)).toEqual(questions);
  for (const result of report.questions) {
    const hits = await search(result.question, TOP_K);
    expect(hits.length).toBeGreaterThan(0);
    expect(result.passages).toEqual(
      hits.map((p) => ({ id: p.id, title: p.title, text: p.text, score: score(p.score) })),
    );
  }
}

describe('http: retriever recipes against local stand-ins of each search engine', () => {
  it('Elasticsearch / OpenSearch _search: match query, hits.hits mapped to passages', async () => {
    const engine = await startSearchEngine(elasticsearchRoute((q, k) => search(q, k)));
    try {
      const report = await probeWith('elasticsearch.config.json', `http:${engine.url}/world/_search`);
      await expectEngineHits(report);
      expect(engine.requests[0]).toEqual({
        size: TOP_K,
        query: { match: { text: { query: questions[0] } } },
        _source: ['title', 'text'],
      });
    } finally {
      engine.server.close();
    }
  });

  it('Qdrant points/query: server-side BM25 Document query, result.points mapped to passages', async () => {
    const positions = new Map(
      readFileSync(CORPUS, 'utf8')
        .trim()
        .split('\n')
        .map((line, position) => [(JSON.parse(line) as { id: string }).id, position] as const),
    );
    const key = 'qdrant-test-key';
    const engine = await startSearchEngine(qdrantRoute((q, k) => search(q, k), positions, key));
    try {
      const report = await probeWith(
        'qdrant.config.json',
        `http:${engine.url}/collections/world/points/query`,
        {
          QDRANT_API_KEY: key,
        },
      );
      await expectEngineHits(report);
      expect(engine.requests[0]).toEqual({
        query: { text: questions[0], model: 'qdrant/bm25' },
        using: 'bm25',
        limit: TOP_K,
        with_payload: true,
      });
    } finally {
      engine.server.close();
    }
  });

  it('Weaviate GraphQL Get with bm25: the question as an escaped literal, string scores read as numbers', async () => {
    const key = 'weaviate-test-key';
    const engine = await startSearchEngine(weaviateRoute((q, k) => search(q, k), key));
    try {
      const report = await probeWith('weaviate.config.json', `http:${engine.url}/v1/graphql`, {
        WEAVIATE_API_KEY: key,
      });
      await expectEngineHits(report);
      expect(engine.requests[0]).toEqual({
        query: `{ Get { Passage(bm25: {query: ${JSON.stringify(questions[0])}}, limit: ${TOP_K}) { passage_id title text _additional { score } } } }`,
      });
      // Quotes, backslashes and line breaks in a question reach the engine intact.
      const recipe = JSON.parse(readFileSync(join(ROOT, 'fixtures/recipes/weaviate.config.json'), 'utf8'));
      const retriever = await createRetriever(`http:${engine.url}/v1/graphql`, {
        http: recipe.http.retriever,
        env: { WEAVIATE_API_KEY: key },
      });
      const awkward = 'Where is "Vimuvuth" \\ founded?\nReally';
      expect(await retriever.retrieve({ id: 'q', question: awkward }, 2)).toEqual(
        (await search(awkward, 2)).map((p) => ({ id: p.id, title: p.title, text: p.text, score: p.score })),
      );
    } finally {
      engine.server.close();
    }
  });

  it('LanceDB table query: full-text query, the Arrow IPC file answer read as rows, float32 scores', async () => {
    const key = 'lancedb-test-key';
    const engine = await startSearchEngine(lancedbRoute((q, k) => search(q, k), key));
    try {
      const report = await probeWith('lancedb.config.json', `http:${engine.url}/v1/table/passages/query/`, {
        LANCEDB_API_KEY: key,
      });
      await expectEngineHits(report, (value) => (value === undefined ? undefined : Math.fround(value)));
      expect(engine.requests[0]).toEqual({
        full_text_query: { columns: ['text'], query: questions[0] },
        k: TOP_K,
        vector: [],
        columns: ['passage_id', 'title', 'text', '_score'],
        prefilter: true,
        version: null,
      });
    } finally {
      engine.server.close();
    }
  });

  it('LanceDB: an Arrow body that cannot be read is a provider error naming the endpoint, exit 3', async () => {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/vnd.apache.arrow.file' });
        response.end(Buffer.from('ARROW1\0\0not a record batch'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await runCli(
        [
          'probe',
          dataset,
          '--generator',
          'exec:node fixtures/examples/reader.mjs',
          '--retriever',
          `http:http://127.0.0.1:${port}/v1/table/passages/query/`,
          '--config',
          join(ROOT, 'fixtures/recipes/lancedb.config.json'),
          '--no-cache',
        ],
        { env: { LANCEDB_API_KEY: 'secret-lancedb-key' } },
      );
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(
        /POST http:\/\/127\.0\.0\.1:\d+\/v1\/table\/passages\/query\/ returned 200 a body of 26 bytes in application\/vnd\.apache\.arrow\.file that cannot be read: /,
      );
      expect(result.stderr + result.stdout).not.toContain('secret-lancedb-key');
    } finally {
      server.close();
    }
  });
});
