// A person's own Fabric identity, their sealed key opened only for the moment it signs.
import type { PersonIdentity } from '../fabric/connection';
import type { KeyVault } from './key-vault';
import type { PeopleRepository } from './people-repository';
import type { Person } from './person';

/** Who acts on the ledger: the person's certificate and key, and the organisation whose peer they use. */
export interface ActingIdentity extends PersonIdentity {
  readonly org: string;
  readonly username: string;
}

export interface Identities {
  identityOf(person: Person): Promise<ActingIdentity>;
}

export function identities(people: PeopleRepository, vault: KeyVault): Identities {
  return {
    async identityOf(person) {
      const privateKey = vault.open(await people.sealedKey(person.id), person);
      return {
        org: person.org,
        username: person.username,
        mspId: person.mspId,
        certificate: Buffer.from(person.certificate),
        privateKey: Buffer.from(privateKey),
      };
    },
  };
}
