import { describe, expect, it } from 'vitest';
import {
  beforeChecksum,
  checkedBody,
  checksumHolds,
  encodeLine,
} from '../../src/engine/calls/jsonl-lines.js';

const line = (key: string, fields: Record<string, unknown>) => encodeLine(key, fields).slice(0, -1);
const GOOD = line('7', { q: { id: 'q7', text: 'é 日本 "quoted" \\ back' } });
const flip = (text: string, at: number) =>
  `${text.slice(0, at)}${String.fromCharCode(text.charCodeAt(at) ^ 1)}${text.slice(at + 1)}`;

describe('checksumHolds', () => {
  it.each<[string, string]>([
    ['a whole line', GOOD],
    ['a line of another cache', line('abc', { a: 'Paris' })],
    ['a lone surrogate (written as U+FFFD)', line('1', { q: 'x\ud800y' })],
    ['an empty object', line('2', {})],
    ['a byte flipped in the body', flip(GOOD, 12)],
    ['a byte flipped in the checksum', flip(GOOD, GOOD.length - 5)],
    ['torn before its end', GOOD.slice(0, -1)],
    ['another last byte', `${GOOD.slice(0, -1)}]`],
    ['another byte before the last', `${GOOD.slice(0, -2)}'}`],
    ['torn in its checksum', GOOD.slice(0, -9)],
    ['torn in its body', GOOD.slice(0, 20)],
    [
      'a checksum in capitals',
      GOOD.replace(/"c":"([0-9a-f]+)"/, (_m, sum: string) => `"c":"${sum.toUpperCase()}"`),
    ],
    ['no checksum', '{"k":"7","q":1}'],
    ['empty', ''],
  ])('agrees with checkedBody on the decoded text: %s', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(checksumHolds(bytes)).toBe(checkedBody(text) !== undefined);
  });

  it('holds for whole lines and not for damaged ones, and leaves the bytes as they were', () => {
    const bytes = Buffer.from(GOOD);
    expect(checksumHolds(bytes)).toBe(true);
    expect(bytes.toString('utf8')).toBe(GOOD);
    expect(checksumHolds(Buffer.from(flip(GOOD, 12)))).toBe(false);
  });

  it('puts the last field just before the checksum', () => {
    const bytes = Buffer.from(line('3', { q: { id: 'x' } }));
    expect(bytes.toString('utf8', 0, beforeChecksum(bytes))).toBe('{"k":"3","q":{"id":"x"}');
  });
});
