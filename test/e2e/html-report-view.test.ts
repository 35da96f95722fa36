import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// Debian's chromium package, installed by .ci/run; never a download.
const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);

describe.skipIf(!present)(
  'HTML report: verdict, search, diffs, logged responses, CSV (headless Chromium)',
  () => {
    it('shows FAIL with the failed gate, searches, shows the corrupted text as a diff and offers the CSV', async () => {
      const dir = tempDir();
      const html = join(dir, 'report.html');
      const run = await runCli([
        'probe',
        'fixtures/examples/ragas.csv',
        '-g',
        'exec:node fixtures/examples/reader.mjs',
        '--no-cache',
        '--fail-under',
        'reliance=0.7',
        '--html',
        html,
      ]);
      expect(run.code).toBe(1);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(html).href);
        expect(await page.textContent('#verdict')).toBe('FAIL: 1 of 1 gates failed (reliance >= 0.7)');
        await page.fill('#search', 'tessel guild');
        expect(await page.textContent('#showing')).toBe('showing 1 of 8');
        const visible = await page.$$eval('details.question:not([hidden])', (nodes) =>
          nodes.map((n) => n.getAttribute('data-id')),
        );
        expect(visible).toEqual(['2']);
        await page.fill('#search', '');
        expect(await page.textContent('#showing')).toBe('showing 8 of 8');
        const first = page.locator('details.question[data-id="1"]');
        await first.locator('summary').click();
        expect(await first.locator('tr.diff del').textContent()).toBe('Ilse Marrow');
        expect(await first.locator('tr.diff ins').textContent()).not.toBe('');
        expect(await first.locator('code.logged').textContent()).toBe('Ilse Marrow');
        expect(await first.locator('.drill p').first().textContent()).toContain('(replay agrees)');
        const href = (await page.getAttribute('#csv', 'href')) ?? '';
        const csv = decodeURIComponent(href.slice('data:text/csv;charset=utf-8,'.length));
        const lines = csv.trimEnd().split('\n');
        expect(lines[0]).toBe(
          'id,diagnosis,reliance,instability,baseline,logged_response,replay_match,question,faithfulness,context_precision',
        );
        expect(lines).toHaveLength(9);
        expect(lines[2]).toMatch(
          /^2,grounded,1\.00,0\.00,1887,It was founded in 1887\.,true,What is the founding year of the Tessel Guild\?,0\.9,0\.55$/,
        );
      } finally {
        await browser.close();
      }
      expect(readFileSync(html, 'utf8')).not.toContain('http://');
    }, 60_000);
  },
);
