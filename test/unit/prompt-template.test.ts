import { describe, expect, it } from 'vitest';
import {
  promptHash,
  renderFlatPrompt,
  resolvePrompt,
  splitPromptTemplate,
  templateHash,
} from '../../src/generators/prompt-template.js';

const REQUEST = { question: 'Q?', passages: [{ id: 'a', text: 'P.' }] };

describe('prompt templates with a system message', () => {
  it.each([
    ['no sections', 'Question: {{question}}', { template: 'Question: {{question}}' }],
    [
      'system then user',
      '### system\nBe brief.\n### user\nQ: {{question}}',
      { system: 'Be brief.', template: 'Q: {{question}}' },
    ],
    [
      'markers in any case, spaces around',
      '###  System \r\nBe brief.\n\n### USER\nQ: {{question}}',
      { system: 'Be brief.', template: 'Q: {{question}}' },
    ],
    ['an empty system section', '### system\n\n### user\nQ: {{question}}', { template: 'Q: {{question}}' }],
    ['a user marker alone is text', '### user\nQ: {{question}}', { template: '### user\nQ: {{question}}' }],
    [
      'a system marker after other text is text',
      'Intro\n### system\nQ: {{question}}',
      { template: 'Intro\n### system\nQ: {{question}}' },
    ],
    [
      'blank lines before the system marker',
      '\n\n### system\nS\n### user\nQ: {{question}}',
      { system: 'S', template: 'Q: {{question}}' },
    ],
  ])('splits %s', (_name, text, expected) => {
    expect(splitPromptTemplate(text)).toEqual(expected);
  });

  it('--system replaces the file section; the flat prompt puts it first; the hash changes only with it', () => {
    const file = '### system\nFrom the file.\n### user\nQ: {{question}}';
    expect(resolvePrompt({ timeoutMs: 1, template: file }, '', 'f').system).toBe('From the file.');
    expect(resolvePrompt({ timeoutMs: 1, template: file, system: 'Flag.' }, '', 'f').system).toBe('Flag.');
    const prompt = resolvePrompt({ timeoutMs: 1, system: 'Flag.' }, 'Q: {{question}}', 'f');
    expect(renderFlatPrompt(prompt, REQUEST)).toBe('Flag.\n\nQ: Q?');
    expect(renderFlatPrompt({ template: 'Q: {{question}}' }, REQUEST)).toBe('Q: Q?');
    expect(promptHash({ template: 'T {{question}}' })).toBe(templateHash('T {{question}}'));
    expect(promptHash({ system: 'S', template: 'T {{question}}' })).not.toBe(templateHash('T {{question}}'));
  });

  it('refuses a user part without {{question}} (a file with a system section and no user section)', () => {
    expect(() => resolvePrompt({ timeoutMs: 1, template: '### system\nOnly this.' }, '', 'p.txt')).toThrow(
      'p.txt: the prompt template has no {{question}} placeholder',
    );
  });
});
