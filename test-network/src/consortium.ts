// The consortium's members on the ledger: which organisation is a station (with which facilities), the
// factory or the regulator. Written once after the first deployment; the chaincode's role checks use it.
import { adminUser, type Topology } from '@plasma/network';
import { openSession } from './clients';
import { waitFor } from './processes';

export async function initialiseConsortium(topology: Topology): Promise<boolean> {
  const regulator = topology.organisations.find((o) => o.kind === 'regulator') ?? topology.organisations[0]!;
  const session = openSession(topology, regulator.name, adminUser);
  try {
    const consortium = session.contract('Consortium');
    const members = JSON.parse(Buffer.from(await consortium.evaluateTransaction('ListOrganisations')).toString()) as unknown[];
    if (members.length > 0) return false;
    const organisations = topology.organisations.map((o) => ({ mspId: o.mspId, name: o.name, kind: o.kind, facilities: [...o.facilities] }));
    await consortium.submitTransaction('InitConsortium', JSON.stringify(organisations));
    return true;
  } finally {
    session.close();
  }
}

/**
 * Waits until every peer's gateway can gather endorsements from enough organisations. Right after the
 * channel is joined, a peer has not yet heard of the other organisations' peers through gossip, and
 * its gateway answers that no combination of peers satisfies the endorsement policy.
 */
export async function waitForEndorsers(topology: Topology): Promise<void> {
  await Promise.all(topology.organisations.flatMap((org) => org.peers.map((peer) => waitFor(
    `${peer.name} to find endorsers in ${topology.chaincode.endorsingOrganisations} organisations`,
    async () => {
      const session = openSession(topology, org.name, adminUser, peer);
      try {
        await session.contract('Consortium').newProposal('ListOrganisations').endorse();
        return true;
      } finally {
        session.close();
      }
    },
    90_000,
  ))));
}
