// A person of an organisation as the gateway knows them, parsed from their row. Secrets (password hash,
// sealed key) stay in the repository's own types and never travel with a Person.
import { z } from 'zod';
import { organisation, type Topology } from '@plasma/network';
import { PERSON_ROLES, type PersonRole } from './roles';

export interface Person {
  readonly id: string;
  /** The organisation's name in the topology. */
  readonly org: string;
  readonly mspId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: PersonRole;
  /** PEM of the enrolment certificate their CA issued; the ledger records every act under it. */
  readonly certificate: string;
  readonly createdAt: Date;
  readonly disabled: boolean;
  /** Their password was chosen by their admin: nothing but changing it is open to them until they do. */
  readonly mustChangePassword: boolean;
  readonly lastSignInAt: Date | null;
  /**
   * A kiosk account: their organisation lets the gateway keep their key and sign for them even when they hold a key in
   * a device of their own. Otherwise the gateway's key signs for them only until they enrol a device.
   */
  readonly kiosk: boolean;
}

const personRow = z.object({
  id: z.uuid(),
  org: z.string(),
  username: z.string(),
  display_name: z.string(),
  role: z.enum(PERSON_ROLES),
  certificate: z.string(),
  created_at: z.date(),
  disabled: z.boolean(),
  must_change_password: z.boolean(),
  last_sign_in_at: z.date().nullable(),
  kiosk: z.boolean(),
});

export const PERSON_COLUMNS =
  'id, org, username, display_name, role, certificate, created_at, disabled, must_change_password, last_sign_in_at, kiosk';

export function personFromRow(row: unknown, mspIdOf: (org: string) => string): Person {
  const p = personRow.parse(row);
  return {
    id: p.id,
    org: p.org,
    mspId: mspIdOf(p.org),
    username: p.username,
    displayName: p.display_name,
    role: p.role,
    certificate: p.certificate,
    createdAt: p.created_at,
    disabled: p.disabled,
    mustChangePassword: p.must_change_password,
    lastSignInAt: p.last_sign_in_at,
    kiosk: p.kiosk,
  };
}

/** Rows name the organisation; the MSP ID comes from the topology. */
export const mspIdOf =
  (topology: Topology) =>
  (org: string): string =>
    organisation(topology, org).mspId;

/** How the security log names a person: "<org>/<username>". */
export const actorName = (person: Pick<Person, 'org' | 'username'>): string => `${person.org}/${person.username}`;
