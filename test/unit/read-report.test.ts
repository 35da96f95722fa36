import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { comparedQuestion, compareReports, compareRuns } from '../../src/verdicts/compare.js';
import { readReport, readReportQuestions } from '../../src/verdicts/read-report.js';
import { syntheticReport } from '../helpers/reports.js';

const dir = mkdtempSync(join(tmpdir(), 'ragseam-read-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fileWith = (text: string) => {
  const file = join(dir, `r${++files}.json`);
  writeFileSync(file, text);
  return file;
};

const report = syntheticReport(
  Array.from({ length: 30 }, (_, index) => ({
    id: `q${index}`,
    altering: [index % 2 === 0, index % 3 === 0, index % 5 === 0] as const,
  })),
);

describe('readReportQuestions', () => {
  it('gives what readReport gives, each question projected, and the report without its questions', () => {
    const file = fileWith(renderJson(report));
    const whole = readReport(file);
    const { report: head, questions } = readReportQuestions(file, (question) => question.id);
    expect(questions).toEqual(whole.questions.map((question) => question.id));
    expect(head).toEqual({ ...whole, questions: [] });
  });

  it('compares as compareReports does', () => {
    const other = syntheticReport(
      Array.from({ length: 30 }, (_, index) => ({
        id: `q${index + 3}`,
        altering: [index % 3 === 0, false, index % 2 === 0] as const,
      })),
    );
    const before = fileWith(renderJson(report));
    const after = fileWith(renderJson(other));
    const options = { alpha: 0.05, minDrop: 0, metrics: ['reliance' as const], resamples: 300, seed: 4 };
    const run = (file: string) => {
      const read = readReportQuestions(file, comparedQuestion);
      return { file, settings: read.report.settings, questions: read.questions };
    };
    expect(compareRuns(run(before), run(after), options)).toEqual(
      compareReports(
        { file: before, report: readReport(before) },
        { file: after, report: readReport(after) },
        options,
      ),
    );
  });

  it('names a faulty question as readReport does', () => {
    const text = renderJson(report).replace('"diagnosis": "grounded"', '"diagnosis": "constructor"');
    const file = fileWith(text);
    const message = (() => {
      try {
        readReport(file);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/questions\[\d+\]\.diagnosis: /);
    expect(() => readReportQuestions(file, (question) => question.id)).toThrow(message);
  });

  it('says a report of another schema version is one, whatever its questions look like', () => {
    const text = renderJson({ ...report, schemaVersion: 99 } as unknown as typeof report).replace(
      '"diagnosis": "grounded"',
      '"diagnosis": "odd"',
    );
    const file = fileWith(text);
    expect(() => readReportQuestions(file, (question) => question.id)).toThrow(
      'report schemaVersion 99 is not one this ragseam reads',
    );
    expect(() => readReport(file)).toThrow('report schemaVersion 99 is not one this ragseam reads');
  });

  it('says what is wrong with questions that are not an array', () => {
    const file = fileWith(JSON.stringify({ ...report, questions: { q1: {} } }));
    expect(() => readReportQuestions(file, (question) => question.id)).toThrow(/questions: expected array/);
  });
});
