// GraphQL as one of the demo people, straight to their own organisation's gateway: what a test sets up or checks beside
// the browser (a collector's donation, a regulator's look-back), through the gateway the person's explorer uses.
import { graphqlClient, operation } from '@plasma/demo';
import { demoPerson } from './demo-people';
import type { ExplorerSession } from './explorer-session';

export type Ask = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export async function graphqlAs(explorer: ExplorerSession, org: string, username: string): Promise<Ask> {
  const client = graphqlClient(explorer.gatewayOf(org).url);
  const token = await client.login(org, username, demoPerson(explorer.people, org, username).password);
  return <T = any>(query: string, variables: Record<string, unknown> = {}) =>
    client.request(operation<T, Record<string, unknown>>(query), variables, token);
}
