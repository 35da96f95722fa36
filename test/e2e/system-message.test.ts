import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { FakeStack, WORLD_FILE } from '../helpers/http-stack.js';

const KEY = 'sk-test-system-message-0123456789';
const SYSTEM = 'You answer questions about an invented world.';

interface ChatBody {
  messages: { role: string; content: string }[];
}

const stacks: FakeStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
});

async function server(): Promise<FakeStack> {
  const started = await new FakeStack({ apiKey: KEY }).start();
  stacks.push(started);
  return started;
}

/** The chat bodies the server was sent, from its request log (route and body per distinct request). */
function chatBodies(stack: FakeStack): ChatBody[] {
  return [...stack.requests.keys()]
    .filter((key) => key.startsWith('/v1/chat/completions '))
    .map((key) => JSON.parse(key.slice(key.indexOf(' ') + 1)) as ChatBody);
}

/** `inspect` on one question with one passage, with the generator and flags given. */
function inspect(generator: string, extra: readonly string[], env: Record<string, string> = {}) {
  return runCli(
    [
      'inspect',
      '-q',
      'What is the keeper of Varn Lighthouse?',
      '--passage',
      'The keeper of Varn Lighthouse is Ilse Marrow.',
      '-g',
      generator,
      '--no-cache',
      ...extra,
    ],
    { env },
  );
}

function probe(stack: FakeStack, cache: string, ...extra: string[]) {
  return runCli(
    ['probe', WORLD_FILE, '-g', 'openai:m', '--base-url', `${stack.url}/v1`, '--cache', cache, ...extra],
    { env: { OPENAI_API_KEY: KEY } },
  );
}

describe('a system message', () => {
  it('--system: the openai kind sends it as a system role message, and it is part of the cache key', async () => {
    const stack = await server();
    const cache = tempDir();
    const first = await probe(stack, cache, '--system', SYSTEM, '--format', 'json', '--probes', 'remove');
    expect(first.warnings).toBe('');
    expect(first.code).toBe(0);
    const bodies = chatBodies(stack);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(body.messages[0]?.content).toBe(SYSTEM);
      expect(body.messages[1]?.content).toMatch(/^Answer the question using the passages below\./);
    }
    const live = (stdout: string) => (JSON.parse(stdout) as { run: { liveCalls: number } }).run.liveCalls;
    expect(live(first.stdout)).toBe(bodies.length);
    // The same run again is served from the cache; without the system message it is not.
    const again = await probe(stack, cache, '--system', SYSTEM, '--format', 'json', '--probes', 'remove');
    expect(live(again.stdout)).toBe(0);
    const without = await probe(stack, cache, '--format', 'json', '--probes', 'remove');
    expect(live(without.stdout)).toBe(bodies.length);
    expect(chatBodies(stack).filter((body) => body.messages.length === 1)).toHaveLength(bodies.length);
  });

  it('a "### system" section of the template file, replaced by --system when both are given', async () => {
    const stack = await server();
    const template = join(tempDir(), 'prompt.txt');
    writeFileSync(
      template,
      '### system\nReply in one word.\n### user\nPassages:\n{{passages}}\n\nQuestion: {{question}}\nAnswer:',
    );
    const fromFile = await probe(stack, tempDir(), '--template', template, '--probes', 'remove');
    expect(fromFile.code).toBe(0);
    const [body] = chatBodies(stack);
    expect(body?.messages[0]).toEqual({ role: 'system', content: 'Reply in one word.' });
    expect(body?.messages[1]?.content).toMatch(/^Passages:\n\[1\] /);
    stack.reset();
    const replaced = await probe(
      stack,
      tempDir(),
      '--template',
      template,
      '--system',
      SYSTEM,
      '--probes',
      'remove',
    );
    expect(replaced.code).toBe(0);
    expect(chatBodies(stack).every((b) => b.messages[0]?.content === SYSTEM)).toBe(true);
  });

  it('inspect --system sends it too', async () => {
    const stack = await server();
    const result = await inspect('openai:m', ['--base-url', `${stack.url}/v1`, '--system', SYSTEM], {
      OPENAI_API_KEY: KEY,
    });
    expect(result.code).toBe(0);
    const bodies = chatBodies(stack);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((b) => b.messages[0]?.role === 'system' && b.messages[0].content === SYSTEM)).toBe(
      true,
    );
  });

  it('is refused for kinds that are not given a prompt, and when it holds a placeholder', async () => {
    const exec = await runCli([
      'probe',
      WORLD_FILE,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--system',
      SYSTEM,
      '--no-cache',
    ]);
    expect(exec.code).toBe(2);
    expect(exec.stderr).toContain(
      'error: --system: the exec generator is given the question and passages, not a prompt',
    );
    const stack = await server();
    const placeholder = await probe(stack, tempDir(), '--system', 'About {{question}}');
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toContain('the system message may not hold placeholders');
  });

  it('transformers puts it before the prompt: every prompt grows by the same number of tokens', async () => {
    const promptTokens = async (...extra: string[]) => {
      const result = await inspect('transformers:fixtures/models/coupled', [
        '--probes',
        'remove',
        '--debug',
        ...extra,
      ]);
      expect(result.code).toBe(0);
      return [...result.stderr.matchAll(/batch of 1 prompts: (\d+) prompt tokens/g)].map((m) => Number(m[1]));
    };
    const plain = await promptTokens();
    const withSystem = await promptTokens('--system', SYSTEM);
    expect(plain).toHaveLength(2);
    const grown = withSystem.map((tokens, index) => tokens - (plain[index] as number));
    expect(grown[0]).toBeGreaterThan(5);
    expect(grown[1]).toBe(grown[0]);
  });
});
