import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's chromium package, installed by .ci/run (`apt-get install -y chromium`); never a download. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);

/** What a page did that a report must never do: requests beyond file: and data:, errors. */
export interface PageWatch {
  readonly requests: string[];
  readonly problems: string[];
}

/** Opens an HTML file in headless Chromium (a fresh profile), runs `check`, and closes it all. */
export async function withPage(
  file: string,
  check: (tab: Page, watch: PageWatch) => Promise<void>,
): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'ragseam-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 900 },
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    const watch: PageWatch = { requests: [], problems: [] };
    tab.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('file:') && !url.startsWith('data:')) watch.requests.push(url);
    });
    tab.on('console', (message) => {
      if (message.type() === 'error') watch.problems.push(message.text());
    });
    tab.on('pageerror', (error) => watch.problems.push(error.message));
    await tab.goto(pathToFileURL(file).href);
    await check(tab, watch);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
