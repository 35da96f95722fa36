// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} is the literal syntax users write for environment variables
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allFiles, type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { WORLD_FILE } from '../helpers/http-stack.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

interface Recorder {
  url: string;
  hits: { method: string; url: string; headers: IncomingMessage['headers'] }[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<Recorder> {
  const recorder: Recorder = { url: '', hits: [] };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      recorder.hits.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      handler(request, body, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}

const answer: Handler = (_request, _body, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ choices: [{ message: { content: 'Paris' } }], text: 'Paris' }));
};

/** Everything a run let out: stdout, stderr and every file it wrote. */
function outputsOf(result: CliResult, ...dirs: string[]): string {
  return [result.stdout, result.stderr, ...dirs.flatMap((dir) => allFiles(dir))].join('\n');
}

function probe(args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<CliResult> {
  return runCli(
    [
      'probe',
      WORLD_FILE,
      '--cache',
      join(dir, 'cache'),
      '--out',
      join(dir, 'report.json'),
      '--markdown',
      join(dir, 'report.md'),
      '--format',
      'json',
      '--retries',
      '0',
      '--timeout-ms',
      '3000',
      ...args,
    ],
    { env },
  );
}

describe('redirects are refused, never followed', () => {
  it.each([307, 302])(
    'a %i to another origin is a provider error naming Location; nothing reaches it',
    async (status) => {
      const elsewhere = await serve(answer);
      const redirecting = await serve((_request, _body, response) => {
        response.writeHead(status, { location: `${elsewhere.url}/v1/chat/completions?sig=topsecretsig` });
        response.end();
      });
      const dir = tempDir();
      const result = await probe(
        ['-g', 'openai:m', '--base-url', `${redirecting.url}/v1`, '--http-header', 'x-team: ${TEAM_TOKEN}'],
        { OPENAI_API_KEY: 'sk-redirect-key-0123456789', TEAM_TOKEN: 'team-token-abcdef' },
        dir,
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        `returned ${status}, a redirect to ${elsewhere.url}/v1/chat/completions?sig=***`,
      );
      expect(elsewhere.hits).toEqual([]);
      expect(outputsOf(result, dir)).not.toContain('topsecretsig');
    },
  );
});

describe('--follow-redirects: same origin and the same method only', () => {
  const KEY = { OPENAI_API_KEY: 'sk-redirect-key-0123456789' };

  it('follows a 307 and a 308 on the same origin, keeping the POST and its body', async () => {
    const server = await serve((request, body, response) => {
      if (request.url === '/v1/chat/completions') {
        response.writeHead(307, { location: '/moved/chat/completions' });
        response.end();
      } else if (request.url === '/moved/chat/completions') {
        response.writeHead(308, { location: `http://127.0.0.1:${new URL(server.url).port}/final` });
        response.end();
      } else {
        expect(JSON.parse(body).messages).toBeDefined();
        answer(request, body, response);
      }
    });
    const dir = tempDir();
    const result = await probe(
      ['-g', 'openai:m', '--base-url', `${server.url}/v1`, '--probes', 'remove', '--follow-redirects'],
      KEY,
      dir,
    );
    expect(result.code, result.stderr).toBe(0);
    const finals = server.hits.filter((hit) => hit.url === '/final');
    expect(finals.length).toBeGreaterThan(0);
    expect(finals.every((hit) => hit.method === 'POST')).toBe(true);
    expect(finals[0]?.headers.authorization).toBe(`Bearer ${KEY.OPENAI_API_KEY}`);
  });

  it.each([
    [307, 'elsewhere', 'it leaves the origin'],
    [302, 'same', 'a 302 would turn the POST into a GET'],
    [303, 'same', 'a 303 would turn the POST into a GET'],
  ] as const)('still refuses a %i to the %s origin', async (status, where, why) => {
    const elsewhere = await serve(answer);
    const redirecting = await serve((_request, _body, response) => {
      const base = where === 'same' ? '' : elsewhere.url;
      response.writeHead(status, { location: `${base}/v1/other` });
      response.end();
    });
    const dir = tempDir();
    const result = await probe(
      ['-g', 'openai:m', '--base-url', `${redirecting.url}/v1`, '--follow-redirects'],
      KEY,
      dir,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(why);
    expect(elsewhere.hits).toEqual([]);
    expect(redirecting.hits.every((hit) => hit.url === '/v1/chat/completions')).toBe(true);
  });

  it('gives up after five redirects in a row', async () => {
    let hop = 0;
    const looping = await serve((_request, _body, response) => {
      response.writeHead(307, { location: `/hop/${++hop}` });
      response.end();
    });
    const dir = tempDir();
    const result = await probe(
      ['-g', 'openai:m', '--base-url', `${looping.url}/v1`, '--follow-redirects', '--concurrency', '1'],
      KEY,
      dir,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('more than 5 redirects in a row');
    expect(looping.hits.length).toBe(6);
  });
});

describe('one redaction step for every failure kind', () => {
  const KEY = 'sk-line1-SECRET\nline2-SECRET-abcdef';
  const PASSWORD = 'pa55-w0rd-in-url';
  const HEADER = 'hdr-value-from-env-42';
  const env = { OPENAI_API_KEY: KEY, URL_PASSWORD: PASSWORD, AUTH_HEADER: HEADER };
  const secrets = [KEY, PASSWORD, HEADER, 'line2-SECRET-abcdef', 'sk-line1-SECRET'];

  const echo: (status: number) => Handler = (status) => (request, _body, response) => {
    response.writeHead(status, { 'content-type': status === 200 ? 'text/html' : 'application/json' });
    response.end(`echo: ${JSON.stringify(request.headers)} ${request.url} ${KEY} ${PASSWORD}`);
  };

  const kinds: [string, (url: string) => string[], Handler][] = [
    ['connection refused', () => ['-g', 'http:http://127.0.0.1:9/answer?token=${URL_PASSWORD}'], answer],
    [
      'credentials in the URL',
      (url) => ['-g', `http:http://bob:\${URL_PASSWORD}@${url.slice(7)}/answer`],
      answer,
    ],
    ['a key with a newline', (url) => ['-g', 'openai:m', '--base-url', `${url}/v1`], answer],
    [
      'a 400 quoting the headers',
      (url) => ['-g', `http:${url}/answer`, '--http-header', 'x-auth: ${AUTH_HEADER}'],
      echo(400),
    ],
    [
      'a 503 quoting the headers',
      (url) => ['-g', `http:${url}/answer`, '--http-header', 'x-auth: ${AUTH_HEADER}'],
      echo(503),
    ],
    [
      'a body that is not JSON',
      (url) => ['-g', `http:${url}/answer`, '--http-header', 'x-auth: ${AUTH_HEADER}'],
      echo(200),
    ],
  ];

  it.each(kinds)(
    '%s: no secret in stdout, stderr, the reports or the cache',
    async (_kind, args, handler) => {
      const server = await serve(handler);
      const dir = tempDir();
      const result = await probe(args(server.url), env, dir);
      expect(result.code === 0 || result.code === 3).toBe(true);
      const everything = outputsOf(result, dir);
      expect(everything.length).toBeGreaterThan(100);
      for (const secret of secrets) expect(everything).not.toContain(secret);
      expect(everything).not.toContain(JSON.stringify(KEY).slice(1, -1));
    },
  );
});

describe('the caches pass the same redaction and escaping step', () => {
  it('an answer echoing the key, with raw control characters, is cached without them; the rerun reports the same', async () => {
    const KEY = 'echoed-secret-value-42';
    const echoing = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const content = `Paris (key ${KEY}) \u007f\u0085\u009b2J\u2028`;
      response.end(JSON.stringify({ choices: [{ message: { content } }] }));
    });
    const dir = tempDir();
    const run = () =>
      probe(
        ['-g', 'openai:m', '--base-url', `${echoing.url}/v1`, '--probes', 'remove'],
        { OPENAI_API_KEY: KEY },
        dir,
      );
    const live = await run();
    expect(live.code, live.stderr).toBe(0);
    const cached = allFiles(join(dir, 'cache')).join('\n');
    expect(cached).toContain('Paris (key ***)');
    expect(cached).not.toContain(KEY);
    expect(cached).not.toMatch(/[\u007f-\u009f\u2028]/);
    const rerun = await run();
    const body = (text: string) => {
      const { run: _run, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return rest;
    };
    expect((JSON.parse(rerun.stdout) as { run: { liveCalls: number } }).run.liveCalls).toBe(0);
    expect(body(rerun.stdout)).toEqual(body(live.stdout));
  });
});

describe('terminal control characters and Markdown mentions', () => {
  const HOSTILE = 'What is \u001b[2J\u001b]52;c;ZXZpbA==\u0007 the capital of @octocat\u009b31m?';

  it('the table, explain, stderr and Markdown show them escaped', async () => {
    const dir = tempDir();
    const dataset = join(dir, 'data.jsonl');
    writeFileSync(
      dataset,
      `${JSON.stringify({ id: 'q1', question: HOSTILE, answers: ['Paris'], passages: [{ id: 'p', text: `Paris. ${HOSTILE}` }] })}\n`,
    );
    const reader = join(dir, 'reader.mjs');
    writeFileSync(
      reader,
      `import { createInterface } from 'node:readline';
process.stderr.write('log \\u001b]0;title\\u0007\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id } = JSON.parse(line);
  process.stdout.write(JSON.stringify({ id, answer: 'Paris \\u001b[2J' }) + '\\n');
});
`,
    );
    const report = join(dir, 'report.json');
    const table = await runCli([
      'probe',
      dataset,
      '-g',
      `exec:node ${reader}`,
      '--no-cache',
      '--format',
      'table',
      '--out',
      report,
      '--markdown',
      join(dir, 'report.md'),
      '--debug',
    ]);
    expect(table.code).toBe(0);
    const explained = await runCli(['explain', report, 'q1']);
    const failing = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:node -e "process.stderr.write(\'\\u001b[2Jboom\\u0007\');process.exit(4)"',
      '--no-cache',
    ]);
    expect(failing.code).toBe(3);
    for (const text of [table.stdout, table.stderr, explained.stdout, failing.stderr]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point
      expect(text).not.toMatch(/\u001b(?!\[[0-9;]*m)|\u0007|\u009b/);
    }
    expect(table.stdout).toContain('\\u001b[2J');
    expect(explained.stdout).toContain('\\u001b]52;c;ZXZpbA==\\u0007');
    expect(failing.stderr).toContain('\\u001b[2Jboom\\u0007');
    expect(table.stderr).toContain('log \\u001b]0;title\\u0007');
    // The JSON report still holds the text itself.
    const saved = JSON.parse(readFileSync(report, 'utf8')) as { questions: { question?: string }[] };
    expect(JSON.stringify(saved)).toContain('ZXZpbA==');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(markdown).not.toMatch(/(^|[^\w`])@octocat/);
    expect(markdown).toContain('@\u200boctocat');
  });
});

describe('a config file that moves openai.baseUrl', () => {
  it('says once on stderr where the key goes; the default URL says nothing', async () => {
    const server = await serve(answer);
    const dir = tempDir();
    writeFileSync(
      join(dir, 'ragseam.config.json'),
      JSON.stringify({ openai: { baseUrl: `${server.url}/v1` } }),
    );
    const moved = await runCli(['probe', WORLD_FILE, '-g', 'openai:m', '--no-cache', '--format', 'json'], {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-config-moved-0123456789' },
    });
    expect(moved.code).toBe(0);
    const notes = moved.stderr.split('\n').filter((line) => line.startsWith('note:'));
    expect(notes).toEqual([
      `note: ${join(dir, 'ragseam.config.json')} sets openai.baseUrl: the API key ($OPENAI_API_KEY) is sent to ${server.url}/v1`,
    ]);
    expect(server.hits.length).toBeGreaterThan(0);
    const flag = await runCli(
      [
        'probe',
        WORLD_FILE,
        '-g',
        'openai:m',
        '--base-url',
        `${server.url}/v1/`,
        '--no-cache',
        '--format',
        'json',
      ],
      { cwd: dir, env: { OPENAI_API_KEY: 'sk-config-moved-0123456789' } },
    );
    expect(flag.stderr).not.toContain('note:');
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });
});
