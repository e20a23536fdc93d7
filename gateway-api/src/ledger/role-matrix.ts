// Whether a person may call a chaincode transaction, by the chaincode's own role matrix (imported, never copied):
// for what the gateway itself guards before the ledger is asked, e.g. storing the documents a transaction cites.
import { ANY_CHANNEL_MEMBER, PERMISSIONS } from '@plasma/chaincode/src/access/roles';
import { organisation, type Topology } from '@plasma/network';
import type { Person } from '../people/person';
import type { TransactionName } from './person-ledger';

export function mayCall(topology: Topology, person: Person, transaction: TransactionName): boolean {
  const kind = organisation(topology, person.org).kind;
  return (PERMISSIONS.get(transaction) ?? []).some((grant) => (grant.roles as readonly string[]).includes(person.role)
    && (grant.kinds === ANY_CHANNEL_MEMBER || (grant.kinds as readonly string[]).includes(kind)));
}
