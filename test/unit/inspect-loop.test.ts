import { describe, expect, it } from 'vitest';
import { inspectStep } from '../../src/cli/inspect-loop.js';
import type { Item } from '../../src/model/types.js';

const ITEM: Item = {
  id: 'inspect',
  question: 'Q?',
  answers: [],
  passages: [
    { id: 'p1', text: 'one' },
    { id: 'p2', text: 'two' },
  ],
  line: 1,
};

describe('inspect -i commands', () => {
  it.each([
    [
      'e 2 new text',
      {
        passages: [
          { id: 'p1', text: 'one' },
          { id: 'p2', text: 'new text' },
        ],
      },
    ],
    ['d 1', { passages: [{ id: 'p2', text: 'two' }] }],
    [
      'a three  words here',
      { passages: [...(ITEM.passages ?? []), { id: 'p3', text: 'three  words here' }] },
    ],
    ['q Who?', { question: 'Who?' }],
  ])('%s edits the item', (line, change) => {
    const step = inspectStep(line, ITEM);
    expect(step).toEqual({ item: { ...ITEM, ...change } });
  });

  it.each([
    ['e 3 text', 'no passage 3 (there are 2)'],
    ['d x', 'no passage x (there are 2)'],
    ['e 1', 'e needs the passage number and the new text'],
    ['a', 'a needs the passage text'],
    ['q   ', 'q needs the question'],
    ['p', '1. (p1) one\n2. (p2) two'],
  ])('%s says %j', (line, message) => {
    expect(inspectStep(line, ITEM)).toEqual({ say: message });
  });

  it('r runs, x leaves, anything else shows the commands', () => {
    expect(inspectStep('r', ITEM)).toEqual({ run: true });
    expect(inspectStep(' x ', ITEM)).toEqual({ leave: true });
    expect(inspectStep('help', ITEM)).toMatchObject({ say: expect.stringContaining('re-ask') });
  });
});
