// The consortium's members on the ledger: the registry (every organisation's card: kind, facilities, CA certificate)
// written at genesis with every founding member's endorsement, the default rule sets, and this demo consortium's rule
// changes (network/rule-changes.yaml), each made through the governed transaction a regulator would use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { adminUser, type Organisation, receivedCard, repoRoot, type Topology } from '@plasma/network';
import type { Organisation as RegistryEntry, SignatureAuthority } from '@plasma/chaincode';
import { type SignatureMeaning, signingPayload, signLowS } from '@plasma/chaincode';
import { openSession, person, waitFor } from '@plasma/platform';

const ruleChangesFile = path.join(repoRoot, 'network', 'rule-changes.yaml');

const decode = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

/** Creates what is missing of the registry, the rule sets and the rule changes; returns whether anything was written. */
export async function initialiseConsortium(topology: Topology): Promise<boolean> {
  const regulator = topology.organisations.find((o) => o.kind === 'regulator') ?? topology.organisations[0]!;
  const session = openSession(topology, regulator.name, adminUser);
  let changed = false;
  try {
    const consortium = session.contract('Consortium');
    const members = decode(await consortium.evaluateTransaction('ListOrganisations')) as unknown[];
    if (members.length === 0) {
      // Each member as its card, received and checked, describes it.
      const registry = topology.organisations.map((org) => receivedCard(org).organisation);
      await consortium.submitTransaction('InitConsortium', JSON.stringify(registry));
      changed = true;
    }
    const rules = session.contract('RuleSet');
    const ruleSets = decode(await rules.evaluateTransaction('ListRuleSets')) as unknown[];
    if (ruleSets.length === 0) {
      await rules.submitTransaction('SeedDefaultRuleSets');
      changed = true;
    }
  } finally {
    session.close();
  }
  return (await applyRuleChanges(topology)) || changed;
}

/** The regulator's own person: the first user of a regulator organisation with the regulator role. */
function regulatorPerson(topology: Topology): { org: string; user: string } {
  for (const org of topology.organisations.filter(({ kind }) => kind === 'regulator')) {
    const user = org.users.find(({ role }) => role === 'regulator');
    if (user) return { org: org.name, user: user.name };
  }
  throw new Error('network/rule-changes.yaml needs a regulator user in network/topology.yaml to sign the rule changes');
}

/** Applies network/rule-changes.yaml to each rule set still at version 1, signed and submitted by the regulator. */
async function applyRuleChanges(topology: Topology): Promise<boolean> {
  const changes = parse(readFileSync(ruleChangesFile, 'utf8')) as Record<string, Record<string, unknown> & { reason: string }>;
  const signer = regulatorPerson(topology);
  const session = openSession(topology, signer.org, signer.user);
  let changed = false;
  try {
    const ruleSets = session.contract('RuleSet');
    for (const [jurisdiction, { reason, ...overrides }] of Object.entries(changes)) {
      const current = decode(await ruleSets.evaluateTransaction('GetRuleSet', jurisdiction)) as Record<string, unknown> & {
        version: number;
      };
      if (current.version !== 1) continue;
      const { jurisdiction: _j, version: fromVersion, reason: _r, approval: _a, lastChange: _l, ...rules } = current;
      const change = JSON.stringify({ fromVersion, rules: { ...rules, ...overrides }, reason });
      const { digest } = decode(await ruleSets.evaluateTransaction('GetRuleChangeRecord', jurisdiction, change)) as { digest: string };
      await ruleSets.submitTransaction(
        'ChangeRuleSet',
        jurisdiction,
        change,
        JSON.stringify(electronicSignature(topology, signer, 'rule-change', digest)),
      );
      changed = true;
    }
  } finally {
    session.close();
  }
  return changed;
}

/** `signer`'s electronic signature (`meaning`) of the record with `digest`, made with their own key. */
function electronicSignature(topology: Topology, signer: { org: string; user: string }, meaning: SignatureMeaning, digest: string) {
  const identity = person(topology, signer.org, signer.user);
  const unsigned = {
    meaning,
    signerName: signer.user,
    printedName: signer.user,
    mspId: identity.mspId,
    signedAt: new Date().toISOString(),
    recordDigest: digest,
  };
  const signature = signLowS(Buffer.from(signingPayload(unsigned), 'utf8'), identity.privateKey);
  return { ...unsigned, certificate: identity.certificate.toString(), signature: signature.toString('base64') };
}

/**
 * Waits until every peer (of `of`) knows a peer of every organisation with the chaincode. Right after the channel is
 * joined, or after a restart, a peer has not yet heard of the other organisations' peers through gossip. A gateway
 * that knows enough organisations for the endorsement policy but not yet the factory refuses a station's screening
 * (its private data may be endorsed only by members of the station's collection: the station and the factory), so
 * waiting for "enough" organisations is not enough.
 */
export async function waitForEndorsers(topology: Topology, of: readonly Organisation[] = topology.organisations): Promise<void> {
  const everyOrganisation = topology.organisations.map((o) => o.mspId);
  await Promise.all(
    of.flatMap((org) =>
      org.peers.map((peer) =>
        waitFor(
          `${peer.name} to find endorsers in every organisation`,
          async () => {
            const session = openSession(topology, org.name, adminUser, peer);
            try {
              await session
                .contract('Consortium')
                .newProposal('ListOrganisations', { endorsingOrganizations: everyOrganisation })
                .endorse();
              return true;
            } finally {
              session.close();
            }
          },
          90_000,
        ),
      ),
    ),
  );
}

/** The registry's current and former members, as `reader`'s admin reads it. */
export async function readRegistry(
  topology: Topology,
  reader: Organisation,
): Promise<{ organisations: RegistryEntry[]; former: RegistryEntry[] }> {
  const session = openSession(topology, reader.name, adminUser);
  try {
    const registry = decode(await session.contract('Consortium').evaluateTransaction('GetRegistry')) as {
      organisations: RegistryEntry[];
      former?: RegistryEntry[];
    };
    return { organisations: registry.organisations, former: registry.former ?? [] };
  } finally {
    session.close();
  }
}

/**
 * Changes the consortium registry to `organisations` (a member admitted with its card's entry, or one taken out) and,
 * when given, to `signatureAuthorities` (the e-signature authorities the regulator accepts; a regulator must be among
 * the approvers), approved by the admins of `approvers` (more than half of the current members, each signing in its
 * own deployment) and endorsed by their peers, as Consortium:ChangeRegistry requires.
 */
export async function changeRegistry(
  topology: Topology,
  approvers: readonly Organisation[],
  organisations: (current: RegistryEntry[]) => RegistryEntry[],
  reason: string,
  signatureAuthorities?: readonly SignatureAuthority[],
): Promise<void> {
  const submitter = approvers[0]!;
  const session = openSession(topology, submitter.name, adminUser);
  try {
    const consortium = session.contract('Consortium');
    // The ledger keeps each member's retired CAs itself; a change names only the CA in use.
    const current = (decode(await consortium.evaluateTransaction('ListOrganisations')) as RegistryEntry[]).map(
      ({ retiredCaCertificates: _retired, ...entry }) => entry,
    );
    const change = JSON.stringify({ organisations: organisations(current), signatureAuthorities, reason });
    const { digest } = decode(await consortium.evaluateTransaction('GetRegistryChangeRecord', change)) as { digest: string };
    const approvals = approvers.map((org) => electronicSignature(topology, { org: org.name, user: adminUser }, 'registry-change', digest));
    await consortium.submit('ChangeRegistry', {
      arguments: [change, JSON.stringify(approvals)],
      // The registry's key-level policy needs a majority of the members' peers.
      endorsingOrganizations: approvers.map((org) => org.mspId),
    });
  } finally {
    session.close();
  }
}
