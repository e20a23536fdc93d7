// What every browser test needs: the UI built from the current source, a gateway serving it, the demo people,
// and a way to open a signed-in page as one of them.
import { buildExplorerUi, type DemoPerson } from '@plasma/gateway-api';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser';
import { demoPeople, demoPerson } from './demo-people';
import { startExplorerGateway, type ExplorerGateway } from './explorer-gateway';

export interface ExplorerSession {
  readonly gateway: ExplorerGateway;
  readonly browser: TestBrowser;
  readonly people: readonly DemoPerson[];
  /** A new tab signed in as `username` of `org`, on the home page. */
  signIn(org: string, username: string): Promise<Page>;
  close(): Promise<void>;
}

/** The network's projection and demo people by default; a scratch projection with its own people when given. */
export async function openExplorer(scratch?: {
  readonly databaseUrl: string;
  readonly people: readonly DemoPerson[];
}): Promise<ExplorerSession> {
  buildExplorerUi();
  const people = scratch?.people ?? (await demoPeople());
  const gateway = await startExplorerGateway({ databaseUrl: scratch?.databaseUrl });
  const browser = await launchBrowser(gateway.url);
  return {
    gateway,
    browser,
    people,
    async signIn(org, username) {
      const person = demoPerson(people, org, username);
      const page = await browser.newPage();
      await page.goto('/');
      await page.getByLabel('Organisation').fill(person.org);
      await page.getByLabel('Username').fill(person.username);
      await page.getByLabel('Password').fill(person.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('who').waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await gateway.close();
    },
  };
}
