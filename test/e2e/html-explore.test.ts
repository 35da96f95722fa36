import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QuestionResult, Report } from '../../src/model/report.js';
import { CHROMIUM, chromiumPresent, withPage } from '../helpers/chromium.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const TOPICS = ['places', 'organisations'];

/** The world fixture with a split, a topic and a per-question number in each row's meta. */
function worldWithMeta(dir: string): string {
  const rows = readFileSync(join(ROOT, 'fixtures/examples/world.jsonl'), 'utf8').trim().split('\n');
  const file = join(dir, 'world-meta.jsonl');
  const withMeta = rows.map((line, index) => {
    const row = JSON.parse(line) as Record<string, unknown>;
    const meta = {
      split: index % 2 ? 'test' : 'train',
      topic: TOPICS[index % 3 === 0 ? 0 : 1],
      weight: index / 10,
    };
    return JSON.stringify({ ...row, meta });
  });
  writeFileSync(file, `${withMeta.join('\n')}\n`);
  return file;
}

const visibleIds = (tab: Page, selector: string) =>
  tab.locator(`${selector}:visible`).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

function corruptOutcome(question: QuestionResult): string | undefined {
  return question.probes.find((p) => p.probe === 'corrupt' && p.answer !== undefined && p.error === undefined)
    ?.outcome;
}

const title = chromiumPresent
  ? 'HTML report: table, filters, breakdown, comparison in headless Chromium'
  : `HTML report: table, filters, breakdown, comparison (skipped: ${CHROMIUM} not found)`;

describe.skipIf(!chromiumPresent)(title, () => {
  it('sorts by any column, filters by outcome and by group, and lists the questions changed since the baseline', async () => {
    const dir = tempDir();
    const dataset = worldWithMeta(dir);
    const base = join(dir, 'base.json');
    const html = join(dir, 'report.html');
    const first = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:node fixtures/examples/overlap-reader.mjs',
      '--no-cache',
      '--out',
      base,
    ]);
    expect(first.code).toBe(0);
    const run = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--no-cache',
      '--format',
      'json',
      '--html',
      html,
      '--baseline',
      base,
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const before = JSON.parse(readFileSync(base, 'utf8')) as Report;
    const ids = report.questions.map((q) => q.id);

    await withPage(html, async (tab, watch) => {
      // Sort: reliance ascending (questions without one last), then descending; the drill-downs follow.
      const reliance = new Map(report.questions.map((q) => [q.id, q.reliance]));
      const ranked = [...report.questions].filter((q) => q.reliance !== null);
      await tab.click('#question-table button.sort:text-is("reliance")');
      const ascending = await visibleIds(tab, 'tr.qrow');
      expect(ascending.map((id) => reliance.get(id as string))).toEqual([
        ...ranked.map((q) => q.reliance).sort((a, b) => (a as number) - (b as number)),
        ...Array(ids.length - ranked.length).fill(null),
      ]);
      expect(await visibleIds(tab, 'details.question')).toEqual(ascending);
      await tab.click('#question-table button.sort:text-is("reliance")');
      expect(
        (await visibleIds(tab, 'tr.qrow')).slice(0, ranked.length).map((id) => reliance.get(id as string)),
      ).toEqual(ranked.map((q) => q.reliance).sort((a, b) => (b as number) - (a as number)));
      await tab.click('#question-table button.sort:text-is("id")');
      expect(await visibleIds(tab, 'tr.qrow')).toEqual([...ids].sort());
      // A meta column sorts by its numbers.
      await tab.click('#question-table button.sort:text-is("weight")');
      expect(await visibleIds(tab, 'tr.qrow')).toEqual(ids);

      // Every probe-outcome filter shows exactly the questions with that outcome, table and drill-downs alike.
      const options = await tab
        .locator('#outcome-filter option')
        .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
      expect(options).toContain('corrupt:adopted');
      for (const option of options) {
        const [kind, name] = option.split(':') as [string, string];
        const expected = report.questions
          .filter((q) =>
            kind === 'corrupt'
              ? corruptOutcome(q) === name
              : q.probes.some((p) => p.probe === name && p.changed === true && p.error === undefined),
          )
          .map((q) => q.id);
        await tab.selectOption('#outcome-filter', option);
        expect((await visibleIds(tab, 'tr.qrow')).sort()).toEqual([...expected].sort());
        expect((await visibleIds(tab, 'details.question')).sort()).toEqual([...expected].sort());
        expect(await tab.textContent('#showing')).toBe(`showing ${expected.length} of ${ids.length}`);
      }
      // Outcome and diagnosis together.
      await tab.selectOption('#outcome-filter', 'corrupt:adopted');
      await tab.click('button[data-filter="grounded"]');
      expect((await visibleIds(tab, 'tr.qrow')).sort()).toEqual(
        report.questions
          .filter((q) => q.diagnosis === 'grounded' && corruptOutcome(q) === 'adopted')
          .map((q) => q.id)
          .sort(),
      );
      await tab.click('button[data-filter="all"]');
      await tab.selectOption('#outcome-filter', '');

      // Breakdown: one table per grouping field (the per-question number is not one), counts and reliance per group.
      expect(await tab.locator('#breakdown-key option').allTextContents()).toEqual(['split', 'topic']);
      await tab.selectOption('#breakdown-key', 'topic');
      expect(await tab.locator('table.breakdown[data-key="topic"]').isVisible()).toBe(true);
      expect(await tab.locator('table.breakdown[data-key="split"]').isVisible()).toBe(false);
      const places = report.questions.filter((q) => q.meta?.topic === 'places');
      const placesRow = tab.locator('table.breakdown[data-key="topic"] tr', { hasText: 'places' });
      const cells = await placesRow.locator('td').allTextContents();
      const scored = places.filter((q) => q.reliance !== null && q.diagnosis !== 'abstained');
      const meanReliance = scored.reduce((sum, q) => sum + (q.reliance as number), 0) / scored.length;
      expect(cells.slice(0, 3)).toEqual(['places', String(places.length), meanReliance.toFixed(2)]);
      await placesRow.locator('button.group').click();
      expect((await visibleIds(tab, 'tr.qrow')).sort()).toEqual(places.map((q) => q.id).sort());
      expect(await tab.textContent('#meta-label')).toBe('topic=places');
      await tab.click('#meta-clear');
      expect(await visibleIds(tab, 'tr.qrow')).toHaveLength(ids.length);

      // Comparison: the questions whose diagnosis differs from the baseline's, each opening its drill-down.
      const old = new Map(before.questions.map((q) => [q.id, q.diagnosis]));
      const moved = report.questions.filter((q) => old.get(q.id) !== q.diagnosis).map((q) => q.id);
      expect(moved.length).toBeGreaterThan(0);
      const listed = await tab
        .locator('#changed-questions tr.changed-question')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(listed.sort()).toEqual([...moved].sort());
      expect(await tab.textContent('#comparison')).toContain(
        'exec:node fixtures/examples/overlap-reader.mjs',
      );
      await tab.click(`#changed-questions button.open[data-open="${moved[0]}"]`);
      expect(
        await tab.locator(`details.question[data-id="${moved[0]}"]`).getAttribute('open'),
      ).not.toBeNull();

      // Search still narrows the list (words split on spaces).
      await tab.fill('#search', 'varn lighthouse');
      expect(await visibleIds(tab, 'tr.qrow')).toEqual(['lighthouse']);

      expect(watch.requests).toEqual([]);
      expect(watch.problems).toEqual([]);
    });
  }, 60_000);

  it('has no comparison section without --baseline and no breakdown without meta fields', async () => {
    const dir = tempDir();
    const html = join(dir, 'plain.html');
    const run = await runCli([
      'probe',
      'fixtures/examples/world.jsonl',
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--no-cache',
      '--html',
      html,
    ]);
    expect(run.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('id="comparison"');
    expect(page).not.toContain('id="breakdown"');
    expect(page).toContain('id="question-table"');
  });
});
