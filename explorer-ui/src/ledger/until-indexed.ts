// Reading one's own write: the gateway reads from the indexer's projection, which follows the ledger a block
// behind, so a page shown right after a transaction waits until the object it shows reflects it.

/** Asks `indexed` every 300 ms until it answers true, or the time is up. */
export async function untilIndexed(indexed: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await indexed()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  // Past the deadline the page shows what is indexed, which says plainly where things stand.
}
