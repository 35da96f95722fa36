// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} is the literal syntax users write for environment variables
import { describe, expect, it } from 'vitest';
import { arrayElementLines } from '../../src/dataset/readers/element-lines.js';
import { detectRowFormat } from '../../src/dataset/readers/formats.js';
import { chatCompletionsUrl } from '../../src/generators/openai/options.js';
import { readChatCompletion } from '../../src/generators/openai/response.js';
import { DEFAULT_PROMPT_TEMPLATE, renderPrompt } from '../../src/generators/prompt-template.js';
import { checkBodyTemplate, renderBody } from '../../src/providers/http/body-template.js';
import { interpolateEnv } from '../../src/providers/http/env-template.js';
import { formatJsonPath, getAtPath, parseJsonPath } from '../../src/providers/http/json-path.js';
import { displayUrl, redact } from '../../src/providers/http/redact.js';

describe('JSON paths', () => {
  it.each([
    ['choices[0].message.content', ['choices', 0, 'message', 'content']],
    ['choices.0.message.content', ['choices', 0, 'message', 'content']],
    ['$.data.hits', ['data', 'hits']],
    ['matrix[1][2]', ['matrix', 1, 2]],
    ['$', []],
  ])('%s', (path, steps) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });
  it('rejects malformed paths and follows parsed ones', () => {
    expect(parseJsonPath('a..b')).toHaveProperty('error');
    expect(parseJsonPath('a[x]')).toHaveProperty('error');
    const value = { a: [{ b: 'x' }], n: null };
    expect(getAtPath(value, ['a', 0, 'b'])).toEqual({ found: true, value: 'x' });
    expect(getAtPath(value, ['a', 1, 'b'])).toEqual({ found: false });
    expect(getAtPath(value, ['n'])).toEqual({ found: true, value: null });
    expect(getAtPath(value, ['toString'])).toEqual({ found: false });
    expect(formatJsonPath(['choices', 0, 'text'])).toBe('choices[0].text');
  });
});

describe('request body templates', () => {
  const values = {
    question: 'Who said "hi"?',
    passages: [{ id: 'p1', text: 'x' }],
    passagesText: '[1] x',
    top_k: 3,
    prompt: 'P',
  };
  it('puts whole values in place and text inside strings, staying valid JSON', () => {
    expect(
      renderBody(
        {
          q: '{{question}}',
          docs: '{{passages}}',
          k: '{{ top_k }}',
          text: 'Q: {{question}} ({{top_k}})\n{{passages}}',
          keep: [1, true, null],
        },
        values,
      ),
    ).toEqual({
      q: 'Who said "hi"?',
      docs: [{ id: 'p1', text: 'x' }],
      k: 3,
      text: 'Q: Who said "hi"? (3)\n[1] x',
      keep: [1, true, null],
    });
  });
  it('refuses unknown placeholders', () => {
    expect(() => checkBodyTemplate({ a: '{{questoin}}' }, ['question'], 'body')).toThrow(
      'body: unknown placeholder {{questoin}}',
    );
  });
});

describe('secrets', () => {
  it('come from ${NAME} and are scrubbed from text', () => {
    expect(interpolateEnv('Bearer ${TOKEN}', { TOKEN: 'abc123' }, 'header')).toBe('Bearer abc123');
    expect(() => interpolateEnv('${NOPE}', {}, 'header X')).toThrow(
      'header X: environment variable NOPE is not set',
    );
    expect(redact('key abc123 and sk-live-AbC***xyz9 here', ['abc123'])).toBe('key *** and sk-*** here');
    expect(displayUrl('https://user:pw@host.example/v1/x?key=secret#f')).toBe('https://host.example/v1/x');
  });
});

describe('openai request and response', () => {
  it('builds OpenAI-compatible and Azure URLs', () => {
    expect(chatCompletionsUrl('http://localhost:8000/v1/', 'm', undefined)).toBe(
      'http://localhost:8000/v1/chat/completions',
    );
    expect(chatCompletionsUrl('https://r.openai.azure.com', 'dep', '2024-06-01')).toBe(
      'https://r.openai.azure.com/openai/deployments/dep/chat/completions?api-version=2024-06-01',
    );
    expect(
      chatCompletionsUrl('https://r.openai.azure.com/openai/deployments/other', 'dep', '2024-06-01'),
    ).toBe('https://r.openai.azure.com/openai/deployments/other/chat/completions?api-version=2024-06-01');
  });
  it('reads the answer and logprobs, and refuses empty answers', () => {
    const body = {
      choices: [
        { message: { content: ' Paris \n' }, logprobs: { content: [{ token: 'Paris', logprob: -0.1 }] } },
      ],
    };
    expect(readChatCompletion(body, '', 'w', [])).toEqual({ answer: 'Paris', logprobs: [-0.1] });
    expect(
      readChatCompletion({ choices: [{ message: { content: 'x' }, logprobs: null }] }, '', 'w', []),
    ).toEqual({ answer: 'x' });
    expect(() =>
      readChatCompletion({ choices: [{ message: { content: null } }] }, '{"choices":…}', 'w', []),
    ).toThrow('w: "choices[0].message.content" is not a string: {"choices":…}');
  });
  it('numbers the passages before the question in the default prompt', () => {
    expect(
      renderPrompt(DEFAULT_PROMPT_TEMPLATE, {
        question: 'Q?',
        passages: [
          { id: 'a', title: 'T', text: 'one' },
          { id: 'b', text: 'two' },
        ],
      }),
    ).toContain('Passages:\n[1] T\none\n\n[2] two\n\nQuestion: Q?\nAnswer:');
    expect(renderPrompt(DEFAULT_PROMPT_TEMPLATE, { question: 'Q?', passages: [] })).toContain(
      'Passages:\n(no passages)\n',
    );
  });
});

describe('log readers', () => {
  it('detect the row format from its keys', () => {
    expect(detectRowFormat({ user_input: 'q', retrieved_contexts: [] })).toBe('ragas');
    expect(detectRowFormat({ question: 'q', contexts: [], ground_truth: 'a' })).toBe('ragas');
    expect(detectRowFormat({ query: 'q', gt_answer: 'a' })).toBe('ragchecker');
    expect(detectRowFormat({ question: 'q', answers: ['a'] })).toBe('ragseam');
    expect(detectRowFormat({ question: 'q' })).toBe('ragseam');
  });
  it('find the line each array element starts on', () => {
    expect(arrayElementLines('[\n {"a": "[x, y]"},\n\n {"b": [1,\n 2]}, 3\n]')).toEqual([2, 4, 5]);
    expect(arrayElementLines('{"meta": [9, 9],\n "results": [\n  {"q": "}"},\n  {}\n ]}', 'results')).toEqual(
      [3, 4],
    );
    expect(arrayElementLines('[]')).toEqual([]);
  });
});
