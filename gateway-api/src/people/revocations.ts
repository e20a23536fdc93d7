// Revocation the peers themselves enforce: after a certificate is revoked at the organisation's CA, the CA's whole
// revocation list goes into the organisation's MSP in the channel's configuration (as a member, and as an orderer
// organisation where it runs orderers: both must be the same MSP), a configuration update the organisation's own admin
// signs alone (each of its groups is modified by its Admins). From the block that carries it,
// every peer refuses that certificate: a proposal it signs, an endorsement, a transaction it created. Signatures it
// made before stay on the ledger as they were committed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { organisation, type Topology } from '@plasma/network';
import { changeChannel } from '@plasma/platform';
import type { CertificateAuthority, Registrar } from './certificate-authority';
import { oneAtATime } from './one-at-a-time';

export interface Revocations {
  /** Puts the CA's current revocation list into `org`'s MSP on the channel; answers once the orderer took the update. */
  publish(org: string): Promise<void>;
}

export interface RevocationOptions {
  readonly topology: Topology;
  readonly certificateAuthorityOf: (org: string) => CertificateAuthority;
  readonly registrarOf: (org: string) => Promise<Registrar>;
}

interface MspGroup {
  values: { MSP: { value: { config: { revocation_list?: string[] | null } } } };
}

export function revocations({ topology, certificateAuthorityOf, registrarOf }: Readonly<RevocationOptions>): Revocations {
  // One update of an organisation's MSP at a time from this gateway: two at once would both start from one version.
  const onePerOrganisation = oneAtATime();

  const publishNow = async (orgName: string): Promise<void> => {
    const org = organisation(topology, orgName);
    const list = await certificateAuthorityOf(orgName).revocationList(await registrarOf(orgName));
    const dir = mkdtempSync(path.join(os.tmpdir(), `plasma-crl-${orgName.toLowerCase()}-`));
    try {
      await changeChannel(topology, [org], dir, (config) => {
        // The same MSP wherever the organisation appears: as a member, and as an orderer organisation when it runs one.
        const { Application, Orderer } = config.channel_group.groups as typeof config.channel_group.groups & {
          Orderer?: { groups: Record<string, unknown> };
        };
        const groups = [Application.groups[org.mspId], Orderer?.groups[org.mspId]].filter((g): g is MspGroup => g !== undefined);
        if (groups.length === 0) throw new Error(`the channel has no member ${org.mspId}`);
        for (const group of groups) group.values.MSP.value.config.revocation_list = [list];
      });
    } catch (error) {
      // The list the channel holds is this one already (another revocation published it): nothing to change.
      if (/no differences detected/i.test(String(error))) return;
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  return {
    publish: (orgName) => onePerOrganisation(orgName, () => publishNow(orgName)),
  };
}
