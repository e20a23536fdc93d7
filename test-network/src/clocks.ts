// The launcher's clock check: once the CAs, orderers and peers run, each one's clock must be within the tolerance
// of the launching host's. On one host they share a clock; once organisations run on hosts of their own, a host
// that does not follow the common time source would have its peers refuse proposals (and its ledger time drift),
// so `up` stops and names it instead.
import { beyondTolerance, clockToleranceMs, describeOffset, probeNode, type NetworkNode, type NodeProbe } from '@plasma/network';

export interface NodeClock {
  readonly node: NetworkNode;
  readonly probe: NodeProbe;
}

/** What is wrong with these clocks, one line per node: beyond the tolerance, or not readable at all. */
export function clockProblems(clocks: readonly NodeClock[], toleranceMs: number): string[] {
  return clocks.flatMap(({ node, probe }) => {
    const where = `${node.name} (${node.host}:${node.port})`;
    if (probe.clock === null)
      return [`${where}: its clock could not be read (${probe.failure ?? 'its answer carried no readable Date header'})`];
    const { offsetMs, uncertaintyMs } = probe.clock;
    return beyondTolerance(offsetMs, toleranceMs)
      ? [`${where}: clock ${describeOffset(offsetMs)} this host's (offset ${offsetMs} ms ± ${uncertaintyMs} ms)`]
      : [];
  });
}

/** Reads the clock of every node that shows one (chaincode servers do not) and throws naming each one out of step. */
export async function checkNodeClocks(nodes: readonly NetworkNode[]): Promise<void> {
  const toleranceMs = clockToleranceMs();
  const withClocks = nodes.filter((node) => node.kind !== 'chaincode');
  const clocks = await Promise.all(withClocks.map(async (node) => ({ node, probe: await probeNode(node) })));
  const problems = clockProblems(clocks, toleranceMs);
  if (problems.length === 0) return;
  throw new Error(
    `node clocks are not within ${toleranceMs / 60_000} min of this host's (the rule sets' default clockToleranceMinutes):\n  ${problems.join('\n  ')}\n` +
      `every host must follow the same time source (chrony or NTP); see docs/operations.md, "Time"`,
  );
}
