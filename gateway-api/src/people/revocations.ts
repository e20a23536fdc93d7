// Revocation the peers themselves enforce: after a certificate is revoked at the organisation's CA, the CA's whole
// revocation list goes into the organisation's MSP in the channel's configuration (as a member, and as an orderer
// organisation where it runs orderers: both must be the same MSP), a configuration update the organisation's own admin
// signs alone (each of its groups is modified by its Admins). From the block that carries it,
// every peer refuses that certificate: a proposal it signs, an endorsement, a transaction it created. Signatures it
// made before stay on the ledger as they were committed.
import 'reflect-metadata'; // @peculiar/x509 needs it loaded first
import * as x509 from '@peculiar/x509';
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

class Unchanged extends Error {}

/** The serial numbers two revocation lists (base64 of PEM, as the channel's configuration holds them) revoke. */
function sameSerials(a: string, b: string): boolean {
  const serials = (list: string): string =>
    new x509.X509Crl(Buffer.from(list, 'base64').toString('utf8')).entries
      .map((e) => e.serialNumber.toLowerCase())
      .sort()
      .join();
  return serials(a) === serials(b);
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
        // A list the CA issued again revokes nothing more (each issue is signed anew): no new configuration block.
        const held = groups.flatMap((g) => g.values.MSP.value.config.revocation_list ?? []);
        if (held.length === 1 && sameSerials(held[0]!, list)) throw new Unchanged();
        for (const group of groups) group.values.MSP.value.config.revocation_list = [list];
      });
    } catch (error) {
      // The list the channel holds revokes these certificates already (another revocation published it).
      if (error instanceof Unchanged || /no differences detected/i.test(String(error))) return;
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  return {
    publish: (orgName) => onePerOrganisation(orgName, () => publishNow(orgName)),
  };
}
