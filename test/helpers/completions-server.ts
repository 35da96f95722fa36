import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { worldAnswer } from './http-stack.js';

/**
 * A completions endpoint on 127.0.0.1 that speaks the shapes of OpenAI's legacy Completions API
 * (https://platform.openai.com/docs/api-reference/completions/create), as vLLM's
 * OpenAI-compatible server also serves them: POST /v1/completions with `prompt`, `max_tokens`,
 * `logprobs` (a count) and `echo`; the response's `choices[0]` has `text` and `logprobs` =
 * {tokens, token_logprobs, top_logprobs, text_offset}, with `echo` the prompt's tokens first
 * (the very first one with a null log-probability, as OpenAI returns it), offsets in characters.
 *
 * Its "model" is a known, context-coupled one: it answers as the example reader does, tokens are
 * runs of non-space characters with their leading spaces, and a token's log-probability is
 * log 0.9 when its word occurs in the prompt's passages, else log 0.05.
 */
export const IN_PASSAGES = Math.log(0.9);
export const NOT_IN_PASSAGES = Math.log(0.05);

function passagesOf(prompt: string): string {
  const start = prompt.indexOf('Passages:\n');
  const end = prompt.indexOf('\n\nQuestion: ');
  return start === -1 || end === -1 ? '' : prompt.slice(start + 'Passages:\n'.length, end);
}

const word = (token: string) =>
  token
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

function tokenize(text: string, offset: number, passages: string) {
  const known = new Set(passages.split(/\s+/u).map(word));
  const tokens = [...text.matchAll(/\s*\S+/gu)].map((match) => ({
    token: match[0],
    offset: offset + (match.index ?? 0),
    logprob: known.has(word(match[0])) ? IN_PASSAGES : NOT_IN_PASSAGES,
  }));
  return tokens;
}

function logprobsOf(tokens: ReturnType<typeof tokenize>, echoed: number) {
  return {
    tokens: tokens.map((t) => t.token),
    token_logprobs: tokens.map((t, i) => (i === 0 && echoed > 0 ? null : t.logprob)),
    top_logprobs: tokens.map((t, i) => (i === 0 && echoed > 0 ? null : { [t.token]: t.logprob })),
    text_offset: tokens.map((t) => t.offset),
  };
}

export class CompletionsServer {
  private server: Server | undefined;
  url = '';
  /** Requests by kind: `echo` (scoring) and `generate`. */
  readonly counts = { echo: 0, generate: 0 };

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== '/v1/completions')
      return send(404, { error: { message: `no route ${request.url}` } });
    const body = JSON.parse(raw) as { prompt: string; echo?: boolean; logprobs?: number; max_tokens: number };
    const passages = passagesOf(body.prompt);
    const question = /\n\nQuestion: (.*)\nAnswer:/u.exec(body.prompt)?.[1] ?? '';
    const texts = passages === '(no passages)' ? [] : passages.split('\n\n');
    const answer = ` ${worldAnswer(question, texts)}`;
    const echoed = body.echo === true ? tokenize(body.prompt, 0, passages) : [];
    const generated = tokenize(answer, body.prompt.length, passages).slice(0, body.max_tokens);
    if (body.echo === true) this.counts.echo++;
    else this.counts.generate++;
    const text = `${body.echo === true ? body.prompt : ''}${generated.map((t) => t.token).join('')}`;
    send(200, {
      id: 'cmpl-1',
      object: 'text_completion',
      model: 'test-model',
      choices: [
        {
          index: 0,
          text,
          logprobs: body.logprobs === undefined ? null : logprobsOf([...echoed, ...generated], echoed.length),
          finish_reason: 'stop',
        },
      ],
    });
  }
}
