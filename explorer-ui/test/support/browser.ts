// Debian's Chromium driven by playwright-core, headless and isolated: no sandbox (CI runs as root), no GPU, no
// background traffic, and a fresh context per page, so that each new page is a separate person at the explorer (the
// gateway) it was opened on.
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  /** A new page whose relative addresses are `baseURL`'s (an organisation's explorer); closing it closes its context. */
  newPage(baseURL?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
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
  });
  return {
    async newPage(baseURL) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
      const page = await context.newPage();
      page.once('close', () => void context.close());
      return page;
    },
    close: () => browser.close(),
  };
}
