import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** Faults the fake stack can inject on the first attempt of a request. */
export type Fault = '429' | '500' | '503' | 'slow' | 'reset' | 'badjson' | 'empty';
export const ALL_FAULTS: readonly Fault[] = ['429', '500', '503', 'slow', 'reset', 'badjson', 'empty'];

interface WorldItem {
  id: string;
  question: string;
  passages?: { id: string; title?: string; text: string }[];
}

export const WORLD_FILE = join(ROOT, 'fixtures/examples/world.jsonl');
const WORLD: WorldItem[] = readFileSync(WORLD_FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as WorldItem);

// The same known behaviour as fixtures/examples/reader.mjs, so reports can be compared with it.
const PRIORS = new Map([
  ['what is the capital of france?', 'Paris'],
  ['what is the boiling point of water in celsius?', '100'],
]);
const FALLBACK = new Map([['what is the home port of the harrow fleet?', 'Calder Bay']]);
const QUESTION = /^what is the (.+) of (.+?)\?$/i;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The answer the example reader gives, looking for "The <attribute> of <subject> is <value>." in rank order. */
export function worldAnswer(question: string, passageTexts: readonly string[]): string {
  const key = question.trim().toLowerCase();
  const prior = PRIORS.get(key);
  if (prior !== undefined) return prior;
  const parts = QUESTION.exec(question.trim());
  if (parts !== null) {
    const statement = new RegExp(
      `the ${escapeRegExp(parts[1] as string)} of ${escapeRegExp(parts[2] as string)} is ([^.,]+)[.,]`,
      'i',
    );
    for (const text of passageTexts) {
      const found = statement.exec(text);
      if (found !== null) return (found[1] as string).trim();
    }
  }
  return FALLBACK.get(key) ?? 'unknown';
}

/** What the server saw of one distinct request (same route and body). */
export interface RequestLog {
  hits: number;
  successes: number;
  faults: Fault[];
  /** ms timestamps of each hit. */
  times: number[];
}

export interface StackOptions {
  /** Fault the first attempt of every n-th distinct request (1 = all); 0 = never. */
  faultEvery?: number;
  faults?: readonly Fault[];
  /** How long a `slow` fault waits before answering, in ms. */
  slowMs?: number;
  /** Delay before every normal response, in ms. */
  delayMs?: number;
  /** Required `Authorization: Bearer <key>`; a wrong one gets a 401 that quotes it back. */
  apiKey?: string;
  /** Answer every chat completion with this raw body (status 200). */
  rawChatBody?: string;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

/**
 * A fake deployed RAG stack on 127.0.0.1: an OpenAI chat-completions endpoint
 * (`/v1/chat/completions`), a custom answer service (`/answer`) and a search service (`/search`),
 * all answering from fixtures/examples/world.jsonl like the example reader, with injected faults.
 */
export class FakeStack {
  readonly requests = new Map<string, RequestLog>();
  /** Every request path in arrival order. */
  readonly routes: string[] = [];
  /** The last prompt a chat completion was asked. */
  lastPrompt = '';
  /** Headers of the last request. */
  lastHeaders: IncomingMessage['headers'] = {};
  private readonly server: Server;
  private distinct = 0;
  private faultCount = 0;
  url = '';

  constructor(private readonly options: StackOptions = {}) {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Every hit, summed over distinct requests. */
  get hits(): number {
    return [...this.requests.values()].reduce((sum, log) => sum + log.hits, 0);
  }

  reset(): void {
    this.requests.clear();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    const route = request.url ?? '/';
    this.routes.push(route);
    this.lastHeaders = request.headers;
    const azure = /^\/openai\/deployments\/[^/]+\/chat\/completions\?api-version=/.test(route);
    if (this.options.apiKey !== undefined && (route.startsWith('/v1/') || azure)) {
      const sent = (azure ? request.headers['api-key'] : request.headers.authorization) ?? '';
      if (sent !== (azure ? this.options.apiKey : `Bearer ${this.options.apiKey}`)) {
        send(
          response,
          401,
          JSON.stringify({
            error: { message: `Incorrect API key provided: ${String(sent).replace(/^Bearer /, '')}` },
          }),
        );
        return;
      }
    }
    const key = `${route} ${text}`;
    let log = this.requests.get(key);
    const first = log === undefined;
    if (log === undefined) {
      log = { hits: 0, successes: 0, faults: [], times: [] };
      this.requests.set(key, log);
      this.distinct++;
    }
    log.hits++;
    log.times.push(Date.now());
    const every = this.options.faultEvery ?? 0;
    const faults = this.options.faults ?? ALL_FAULTS;
    if (first && every > 0 && this.distinct % every === 0 && faults.length > 0) {
      const fault = faults[this.faultCount++ % faults.length] as Fault;
      log.faults.push(fault);
      this.inject(fault, route, text, request, response);
      return;
    }
    const delay = this.options.delayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (response.destroyed) return;
    log.successes++;
    send(response, 200, this.answer(route, text));
  }

  private inject(
    fault: Fault,
    route: string,
    text: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    switch (fault) {
      case '429':
        send(response, 429, '{"error":{"message":"Rate limit reached, retry later"}}', {
          'retry-after': '1',
        });
        return;
      case '500':
      case '503':
        send(response, Number(fault), '{"error":{"message":"upstream failure"}}');
        return;
      case 'slow':
        setTimeout(() => send(response, 200, this.answer(route, text)), this.options.slowMs ?? 2000);
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'badjson':
        send(response, 200, '<html><body>502 Bad Gateway</body></html>', {
          'content-type': 'text/html',
        });
        return;
      case 'empty':
        send(response, 200, route.includes('chat') ? '{"choices":[]}' : '{"result":{},"data":{}}');
        return;
    }
  }

  private answer(route: string, text: string): string {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (route.startsWith('/v1/chat/completions') || route.includes('/chat/completions?api-version=')) {
      if (this.options.rawChatBody !== undefined) return this.options.rawChatBody;
      const messages = body.messages as { content: string }[];
      const prompt = messages[messages.length - 1]?.content ?? '';
      this.lastPrompt = prompt;
      const question = /\nQuestion: (.*)\nAnswer:$/.exec(prompt)?.[1] ?? '';
      const passages = /\nPassages:\n([\s\S]*)\n\nQuestion: /.exec(prompt)?.[1] ?? '';
      const answer = worldAnswer(question, [passages]);
      const tokens = answer.split(' ');
      return JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer },
            finish_reason: 'stop',
            ...(body.logprobs === true
              ? {
                  logprobs: {
                    content: tokens.map((token, i) => ({
                      token,
                      logprob: -0.25 * (i + 1),
                      top_logprobs: [],
                    })),
                  },
                }
              : {}),
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: tokens.length, total_tokens: 1 + tokens.length },
      });
    }
    if (route === '/answer') {
      const passages = (body.passages as { text: string }[] | undefined) ?? [];
      const answer = worldAnswer(
        String(body.question),
        passages.map((p) => p.text),
      );
      return JSON.stringify({ result: { text: answer, model: 'custom' } });
    }
    if (route === '/search') {
      const item = WORLD.find((entry) => entry.question === body.q);
      const topK = Number(body.size);
      const hits = (item?.passages ?? []).slice(0, topK).map((p, rank) => ({
        doc: { key: p.id, heading: p.title ?? null, body: p.text },
        relevance: 10 - rank,
      }));
      return JSON.stringify({ data: { hits } });
    }
    return '{"error":"no such route"}';
  }
}
