import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { writeOutput } from '../../src/cli/output-file.js';
import { GuardedText, OutputGuard } from '../../src/cli/output-guard.js';
import { openQuestionSpill } from '../../src/cli/question-spill.js';
import { writeBuffers } from '../../src/engine/calls/private-file.js';
import { renderJson, renderJsonAround, renderJsonPieces, renderQuestionJson } from '../../src/report/json.js';
import { syntheticReport } from '../helpers/reports.js';

const dir = mkdtempSync(join(tmpdir(), 'ragseam-spill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'sk-spill-test-0123456789abcdef';
const guard = new OutputGuard({ MY_API_KEY: SECRET });

/** A report whose answers hold two-, three- and four-byte characters, a control character and a secret. */
function report(count: number) {
  return syntheticReport(
    Array.from({ length: count }, (_, index) => ({
      id: `q${index}`,
      altering: [index % 2 === 0, false, index % 3 === 0] as const,
      answer: `é 日本 😀 ${index} \u0007 ${SECRET}`,
    })),
  );
}

/** The report written as a streamed run writes it: the head, the spill's blocks, the tail. */
function* spilled(whole: ReturnType<typeof report>, blockBytes: number) {
  const spill = openQuestionSpill(guard, 5, blockBytes);
  try {
    for (const question of whole.questions) spill.add(question);
    const { head, tail } = renderJsonAround(whole);
    yield head;
    for (const block of spill.blocks()) yield new GuardedText(block);
    yield spill.size === 0 ? tail : `\n  ${tail}`;
  } finally {
    spill.close();
  }
}

function captureIO(): { io: CliIO; out: () => string } {
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text) };
  const io: CliIO = {
    stdout: stream,
    stderr: stream,
    progress: stream,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    guard,
  };
  return { io, out: () => written.join('') };
}

describe('a streamed report from the question spill', () => {
  it.each([
    [0, 7],
    [1, 7],
    [3, 5],
    [40, 13],
    [40, 1 << 22],
  ])(
    '%i questions in blocks of %i bytes: the file and stdout are renderJson of the report, guarded once',
    (count, blockBytes) => {
      const whole = report(count);
      const expected = guard.clean(renderJson(whole));
      expect(expected).not.toContain(SECRET);
      const file = join(dir, `report-${count}-${blockBytes}.json`);
      const { io, out } = captureIO();
      writeOutput(io, '--out', file, spilled(whole, blockBytes));
      expect(readFileSync(file, 'utf8')).toBe(expected);
      // stdout takes text: the blocks, cut inside characters, are decoded in order.
      writeOutput(io, 'stdout', '-', spilled(whole, blockBytes));
      expect(out()).toBe(expected);
    },
  );

  it.each([0, 1, 3, 40])(
    '%i questions in memory, written in pieces (merge): renderJson of the report, guarded once',
    (count) => {
      const whole = report(count);
      expect([...renderJsonPieces(whole)].join('')).toBe(renderJson(whole));
      const file = join(dir, `pieces-${count}.json`);
      const { io, out } = captureIO();
      writeOutput(io, '--out', file, renderJsonPieces(whole));
      expect(readFileSync(file, 'utf8')).toBe(guard.clean(renderJson(whole)));
      writeOutput(io, 'stdout', '-', renderJsonPieces(whole));
      expect(out()).toBe(guard.clean(renderJson(whole)));
    },
  );

  it('gives each question back without its separator, for the reports that read them all', () => {
    const whole = report(4);
    const spill = openQuestionSpill(guard, 2, 11);
    try {
      for (const question of whole.questions) spill.add(question);
      expect([...spill.rendered()]).toEqual(
        whole.questions.map((question) => guard.clean(renderQuestionJson(question))),
      );
      expect(spill.readAll()).toEqual(JSON.parse(guard.clean(renderJson(whole))).questions);
      expect(spill.size).toBe(4);
    } finally {
      spill.close();
    }
  });
});

describe('writeBuffers', () => {
  it('writes every buffer in order, past one system call’s limit, empty ones included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ragseam-write-buffers-'));
    try {
      const file = join(dir, 'out.bin');
      const buffers = Array.from({ length: 2500 }, (_, index) =>
        Buffer.from(index % 7 === 0 ? '' : `${index}:${'é'.repeat(index % 13)};`),
      );
      const fd = openSync(file, 'w');
      try {
        writeBuffers(fd, buffers.slice(0, 1));
        writeBuffers(fd, buffers.slice(1));
      } finally {
        closeSync(fd);
      }
      expect(readFileSync(file)).toEqual(Buffer.concat(buffers));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
