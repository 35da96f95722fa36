import { describe, expect, it } from 'vitest';
import { questionText, responseText, retrievedDocuments } from '../../src/dataset/readers/trace-values.js';

describe('logged trace values', () => {
  it.each([
    ['a string', 'What is X?', 'What is X?'],
    ['a JSON-encoded string', '"What is X?"', 'What is X?'],
    ['a JSON-encoded object', '{"question": "What is X?"}', 'What is X?'],
    ['query before input', { input: 'ignored?', query: 'What is X?' }, 'What is X?'],
    ['LlamaIndex args', { args: ['What is X?'] }, 'What is X?'],
    [
      'the last user message',
      [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'a' },
        { role: 'user', content: 'What is X?' },
      ],
      'What is X?',
    ],
    ['messages under a key', { messages: [{ role: 'user', content: 'What is X?' }] }, 'What is X?'],
    ['an empty string', '  ', undefined],
    ['null', null, undefined],
    ['a number', 42, undefined],
  ])('question from %s', (_name, value, expected) => {
    expect(questionText(value)).toBe(expected);
  });

  it.each([
    ['a string', 'Montgomery', 'Montgomery'],
    ['answer before output', { output: 'no', answer: 'Montgomery' }, 'Montgomery'],
    ['an assistant message', { role: 'assistant', content: 'Montgomery' }, 'Montgomery'],
    [
      'a chat completion',
      { choices: [{ message: { role: 'assistant', content: 'Montgomery' } }] },
      'Montgomery',
    ],
    [
      'a message list',
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'Montgomery' },
      ],
      'Montgomery',
    ],
    ['an object without an answer', { tokens: 3 }, undefined],
  ])('response from %s', (_name, value, expected) => {
    expect(responseText(value)).toBe(expected);
  });

  it('documents: ids, scores and titles from the document or its metadata, rank ids otherwise', () => {
    expect(
      retrievedDocuments(
        {
          documents: [
            { page_content: 'a', metadata: { id: 'd1', score: 0.5, title: 'T' } },
            { pageContent: 'b', id: 7 },
            'c',
            { metadata: { id: 'no text' } },
            { text: 'd', metadata: { doc_id: 'd4' }, score: Number.NaN },
          ],
        },
        't',
      ),
    ).toEqual([
      { id: 'd1', title: 'T', text: 'a', score: 0.5 },
      { id: '7', text: 'b' },
      { id: 't#3', text: 'c' },
      { id: 'd4', text: 'd' },
    ]);
    expect(retrievedDocuments('not documents', 't')).toEqual([]);
    expect(retrievedDocuments(null, 't')).toEqual([]);
  });
});
