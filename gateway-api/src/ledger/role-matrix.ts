// Whether a person may call a chaincode transaction, by the chaincode's own role matrix (imported, never copied):
// for what the gateway itself guards before the ledger is asked, e.g. storing the documents a transaction cites.
import { permits } from '@plasma/chaincode';
import { organisation, type Topology } from '@plasma/network';
import type { Person } from '../people/person';
import type { TransactionName } from './person-ledger';

export function mayCall(topology: Topology, person: Person, transaction: TransactionName): boolean {
  return permits(transaction, person.role, organisation(topology, person.org).kind);
}
