import { describe, expect, test } from 'vitest';
import { loadEmbedder } from '../../src/backends/embedder.js';
import { answerTokens } from '../../src/generators/transformers/completions.js';
import { semanticMatcher } from '../../src/metrics/semantic.js';

describe('answerTokens: the generated part of an output row', () => {
  // [row, prompt length, eos ids, expected]
  const cases: [string, (number | bigint)[], number, number[], number[]][] = [
    ['cut at the first EOS', [5, 6, 7, 9, 2, 8, 8], 3, [2], [9]],
    [
      'tokens after EOS are not part of the answer (batched rows keep generating)',
      [0, 5, 11, 12, 2, 13, 14],
      2,
      [2],
      [11, 12],
    ],
    ['no EOS within max_new_tokens: everything generated', [5, 6, 11, 12, 13], 2, [2], [11, 12, 13]],
    ['EOS first: empty answer', [5, 6, 2, 11], 2, [2], []],
    ['several EOS ids', [5, 9, 3, 11], 1, [2, 3], [9]],
    ['bigint ids from the runtime', [5n, 6n, 11n, 2n], 2, [2], [11]],
    ['an EOS inside the prompt does not count', [2, 5, 11, 2], 2, [2], [11]],
    ['no EOS id configured', [5, 11, 2], 1, [], [11, 2]],
  ];
  test.each(cases)('%s', (_, row, promptLength, eos, expected) => {
    expect(answerTokens(row, promptLength, eos)).toEqual(expected);
  });
});

describe('semantic matching with the bundled embedder (threshold 0.92)', async () => {
  const embedder = await loadEmbedder('fixtures/models/embedder', { offline: true });
  const matcher = semanticMatcher({
    id: 'semantic:fixtures/models/embedder',
    threshold: 0.92,
    embed: (t) => embedder.embed(t),
  });
  // Cosines measured with this model: "in 1843"/"1843" 0.966, "Tebitu Company"/"the tebitu company"
  // 0.964 (equal after normalisation anyway), "Gupamind"/"in Gupamind" 0.875, "1843"/"1849" 0.475,
  // "Zemi Vuki"/"Zemi Vuka" 0.425, "Gupamind"/"Vimuvuth" 0.369.
  const cases: [string, string, boolean][] = [
    ['in 1843', '1843', true],
    ['Tebitu Company', 'the tebitu company', true],
    ['Gupamind', 'Gupamind.', true],
    ['Gupamind', 'in Gupamind', false],
    ['1843', '1849', false],
    ['Zemi Vuki', 'Zemi Vuka', false],
    ['Gupamind', 'Vimuvuth', false],
    ['unknown', "I don't know", true],
    ['unknown', 'Gupamind', false],
  ];
  await matcher.prepare?.(cases.map(([a]) => a).concat(cases.map(([, b]) => b)));
  test.each(cases)('%s ~ %s: %s', (a, b, expected) => {
    expect(matcher.match(a, b)).toBe(expected);
    expect(matcher.match(b, a)).toBe(expected);
  });
  test('an answer that was not prepared is a bug, not a silent mismatch', () => {
    expect(() => matcher.match('Gupamind', 'Tolor Masabar')).toThrow(/was not prepared/);
  });
});
