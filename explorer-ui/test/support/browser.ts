// Debian's Chromium driven by playwright-core, headless and isolated: no sandbox (CI runs as root), no GPU, no
// background traffic, and a fresh profile (--user-data-dir) per run that is deleted afterwards. The explorer keeps
// its session per tab, so each new page is a separate person.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'explorer-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    baseURL,
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
