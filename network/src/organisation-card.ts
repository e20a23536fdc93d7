// An organisation's card: what it tells the consortium about itself (MSP ID, kind, facilities, CA certificate). Its
// chaincode server vouches for exactly this entry in the consortium registry at genesis; the registry's governed
// changes (a new member, a CA rotation) carry cards too. Public material only.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { orgCaCert, orgDir } from './layout';
import type { Organisation } from './topology';

export interface OrganisationCard {
  readonly mspId: string;
  readonly name: string;
  readonly kind: Organisation['kind'];
  readonly facilities: readonly string[];
  /** The root certificate of the organisation's CA, PEM. */
  readonly caCertificate: string;
}

export function organisationCard(org: Organisation): OrganisationCard {
  return {
    mspId: org.mspId,
    name: org.name,
    kind: org.kind,
    facilities: [...org.facilities],
    caCertificate: readFileSync(orgCaCert(org.name), 'utf8'),
  };
}

export const organisationCardFile = (org: string): string => path.join(orgDir(org), 'organisation-card.json');

/** Writes the card where the organisation's own chaincode server reads it; returns its path. */
export function writeOrganisationCard(org: Organisation): string {
  const file = organisationCardFile(org.name);
  writeFileSync(file, `${JSON.stringify(organisationCard(org), null, 2)}\n`);
  return file;
}
