// The consortium's members on the ledger: which organisation is a station (with which facilities), the
// factory or the regulator, each organisation's CA certificate (for electronic signatures) and the default
// rule sets. Each written once, after the deployment that first needs it; the chaincode's checks use them.
import { readFileSync } from 'node:fs';
import { adminUser, orgCaCert, type Topology } from '@plasma/network';
import { openSession } from './clients';
import { waitFor } from './processes';

export async function initialiseConsortium(topology: Topology): Promise<boolean> {
  const regulator = topology.organisations.find((o) => o.kind === 'regulator') ?? topology.organisations[0]!;
  const session = openSession(topology, regulator.name, adminUser);
  let changed = false;
  try {
    const consortium = session.contract('Consortium');
    const members = JSON.parse(Buffer.from(await consortium.evaluateTransaction('ListOrganisations')).toString()) as unknown[];
    if (members.length === 0) {
      const organisations = topology.organisations.map((o) => ({ mspId: o.mspId, name: o.name, kind: o.kind, facilities: [...o.facilities] }));
      await consortium.submitTransaction('InitConsortium', JSON.stringify(organisations));
      changed = true;
    }
    changed = (await registerCertificateAuthorities(topology)) || changed;
    const rules = session.contract('RuleSet');
    const ruleSets = JSON.parse(Buffer.from(await rules.evaluateTransaction('ListRuleSets')).toString()) as unknown[];
    if (ruleSets.length === 0) {
      await rules.submitTransaction('SeedDefaultRuleSets');
      changed = true;
    }
    return changed;
  } finally {
    session.close();
  }
}

/**
 * Each organisation's admin registers its CA certificate on the ledger once: the chaincode checks electronic
 * signatures against it. Returns whether any organisation registered.
 */
async function registerCertificateAuthorities(topology: Topology): Promise<boolean> {
  let registered = false;
  for (const org of topology.organisations) {
    const session = openSession(topology, org.name, adminUser);
    try {
      const consortium = session.contract('Consortium');
      const known = await consortium.evaluateTransaction('GetCertificateAuthority', org.mspId).then(() => true, () => false);
      if (!known) {
        await consortium.submitTransaction('RegisterCertificateAuthority', readFileSync(orgCaCert(org.name), 'utf8'));
        registered = true;
      }
    } finally {
      session.close();
    }
  }
  return registered;
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
