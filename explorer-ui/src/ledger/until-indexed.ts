// Reading one's own write: the gateway reads from the indexer's projection, which follows the ledger a block
// behind, so a page shown right after a transaction waits until the object it shows reflects it.
import type { GraphQLClient } from '../graphql/client';
import { LEDGER_OBJECT } from './ledger-object';

/** Waits until the object exists and, when given, `done` holds for its record. */
export async function untilIndexed<T>(
  client: GraphQLClient, type: string, id: string, done: (record: T) => boolean = () => true, timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { ledgerObject } = await client.request(LEDGER_OBJECT, { type, id });
    if (ledgerObject && done(JSON.parse(ledgerObject.record) as T)) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  // Past the deadline the page shows what is indexed, which says plainly where things stand.
}
