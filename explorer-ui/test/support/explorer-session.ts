// What every browser test needs: the UI built from the current source, every organisation's gateway serving it, the
// demo people, and a way to open a signed-in page as one of them, at their own organisation's explorer.
import { buildExplorerUi, type DemoPerson } from '@plasma/gateway-api';
import { loadTopology } from '@plasma/network';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser';
import { demoPeople, demoPerson } from './demo-people';
import { startExplorerGateway, type ExplorerGateway } from './explorer-gateway';

export interface ExplorerSession {
  /** The organisation's gateway and explorer. */
  gatewayOf(org: string): ExplorerGateway;
  readonly browser: TestBrowser;
  readonly people: readonly DemoPerson[];
  /**
   * A new browser (its own storage, so its own device key) at `org`'s explorer signed in as its `username`, on the
   * home page: a demo person, or anyone with `password`.
   */
  signIn(org: string, username: string, password?: string): Promise<Page>;
  /** A new browser at `org`'s sign-in page, once the page has named its organisation and filled it in. */
  signInPage(org: string): Promise<Page>;
  close(): Promise<void>;
}

/** Every organisation's own projection and demo people by default; a scratch projection with its own people when given. */
export async function openExplorer(scratch?: {
  readonly databaseUrl: string;
  readonly people: readonly DemoPerson[];
}): Promise<ExplorerSession> {
  buildExplorerUi();
  const people = scratch?.people ?? demoPeople();
  const gateways = new Map<string, ExplorerGateway>();
  for (const org of loadTopology().organisations) {
    gateways.set(org.name, await startExplorerGateway(org.name, { databaseUrl: scratch?.databaseUrl }));
  }
  const gatewayOf = (org: string): ExplorerGateway => {
    const gateway = gateways.get(org);
    if (!gateway) throw new Error(`no gateway of ${org}`);
    return gateway;
  };
  const browser = await launchBrowser();
  const signInPage = async (org: string): Promise<Page> => {
    const page = await browser.newPage(gatewayOf(org).url);
    await page.goto('/');
    // The page fills the organisation in when the gateway has named it. Typed into before that, the field can end up
    // with the name twice ("FactoryFactory"), and the sign-in is refused.
    await page.getByRole('heading', { name: `Sign in to ${org}` }).waitFor();
    return page;
  };
  return {
    gatewayOf,
    browser,
    people,
    signInPage,
    async signIn(org, username, password = demoPerson(people, org, username).password) {
      const page = await signInPage(org);
      await page.getByLabel('Organisation').fill(org);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signing in checks the password (argon2id) and then waits up to 15 s for this browser's key; on a loaded
      // two-core machine both together have passed the default 30 s.
      await page
        .getByTestId('who')
        .waitFor({ timeout: 60_000 })
        .catch(async (error: unknown) => {
          // What the page showed instead (an alert, a spinner) is what the next person to read this failure needs.
          const shown = await page
            .locator('body')
            .innerText({ timeout: 5_000 })
            .catch(() => '(the page could not be read)');
          const typed = await page
            .getByLabel('Organisation')
            .inputValue({ timeout: 1_000 })
            .catch(() => undefined);
          const form = typed === undefined ? '' : ` (organisation field: ${JSON.stringify(typed)})`;
          throw new Error(`${username}@${org} was not signed in within 60 s${form}; the page shows: ${shown.slice(0, 600)}`, {
            cause: error,
          });
        });
      return page;
    },
    async close() {
      await browser.close();
      for (const gateway of gateways.values()) await gateway.close();
    },
  };
}
