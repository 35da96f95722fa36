import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';

import { renderHtml } from '../../src/report/html.js';
import { CHROMIUM, chromiumPresent as present, withPage } from '../helpers/chromium.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const SCREENSHOT = join(ROOT, 'docs/report-screenshot.png');
const title = present
  ? 'HTML report in headless Chromium'
  : `HTML report in headless Chromium (skipped: ${CHROMIUM} not found; apt-get install -y chromium)`;

const HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">';

describe.skipIf(!present)(title, () => {
  it('renders the charts, filters by diagnosis, shows <script> as text and loads nothing', async () => {
    const dir = tempDir();
    const world = readFileSync(join(ROOT, 'fixtures/examples/world.jsonl'), 'utf8').trimEnd();
    const hostile = JSON.stringify({
      id: 'hostile',
      question: 'What is the keeper of Varn Lighthouse?',
      answers: ['Ilse Marrow'],
      passages: [
        {
          id: 'p-hostile',
          title: '<b>Varn</b>',
          text: `The keeper of Varn Lighthouse is Ilse Marrow. ${HOSTILE}`,
        },
      ],
    });
    const dataset = join(dir, 'world-hostile.jsonl');
    writeFileSync(dataset, `${world}\n${hostile}\n`);
    const run = await runCli([
      'probe',
      dataset,
      '-g',
      'exec:node fixtures/examples/reader.mjs',
      '--no-cache',
      '--format',
      'json',
      '--fail-under',
      'reliance=0.7',
    ]);
    const report = JSON.parse(run.stdout) as Report;
    // Fixed run details and dataset name keep the page, and so the screenshot, the same every run.
    const page = renderHtml({
      ...report,
      settings: { ...report.settings, dataset: 'fixtures/examples/world.jsonl (+1 hostile passage)' },
      run: { ...report.run, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 0 },
    });
    const file = join(dir, 'report.html');
    writeFileSync(file, page);

    await withPage(file, async (tab, { requests, problems }) => {
      expect(await tab.title()).toContain('ragseam report');
      // Charts: one bar per retrieval rank, segments for the diagnosis mix and the adoption breakdown.
      expect(await tab.locator('#influence-chart g.bar').count()).toBe(report.summary.influenceByRank.length);
      expect(await tab.locator('#diagnosis-chart rect.segment').count()).toBe(
        Object.values(report.summary.diagnoses).filter((n) => n > 0).length,
      );
      expect(await tab.locator('#adoption-chart rect.segment').count()).toBeGreaterThan(0);
      const box = await tab.locator('#influence-chart').boundingBox();
      expect(box?.width).toBeGreaterThan(100);

      // Filters: each diagnosis shows exactly its questions; "all" shows every one again.
      const total = report.questions.length;
      await expect.poll(() => tab.locator('details.question:visible').count()).toBe(total);
      await tab.click('button[data-filter="parametric"]');
      await expect
        .poll(() => tab.locator('details.question:visible').count())
        .toBe(report.summary.diagnoses.parametric);
      expect(
        await tab
          .locator('details.question:visible')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-diagnosis'))),
      ).toEqual(Array(report.summary.diagnoses.parametric).fill('parametric'));
      expect(await tab.textContent('#showing')).toBe(
        `showing ${report.summary.diagnoses.parametric} of ${total}`,
      );
      await tab.click('button[data-filter="all"]');
      await expect.poll(() => tab.locator('details.question:visible').count()).toBe(total);

      // Drill-down: the hostile passage is text, and nothing in it ran.
      await tab.click('details[data-id="hostile"] > summary');
      const passage = tab.locator('details[data-id="hostile"] .passage-text');
      expect(await passage.textContent()).toContain(HOSTILE);
      expect(await tab.locator('details[data-id="hostile"] li.passage b').textContent()).toBe('<b>Varn</b>');
      expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await tab.locator('img').count()).toBe(0);
      await tab.click('details[data-id="france"] > summary');
      expect(await tab.locator('details[data-id="france"] table.probes tbody tr').count()).toBeGreaterThan(0);

      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
      // The README's screenshot is refreshed only when asked: a test run leaves the repository as it is.
      if (process.env.RAGSEAM_UPDATE_SCREENSHOT === '1') {
        const shot = await tab.screenshot({ fullPage: true });
        if (!existsSync(SCREENSHOT) || !readFileSync(SCREENSHOT).equals(shot))
          writeFileSync(SCREENSHOT, shot);
      }
    });
  }, 30_000);
});
