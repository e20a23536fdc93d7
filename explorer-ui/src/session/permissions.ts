// What a person may do, decided by the chaincode's own role matrix (the one place access rules live): an
// action is offered only when the person's role and organisation kind may call its transaction. The ledger
// still decides; this only keeps the explorer from offering what would be refused.
import { permits, type TransactionName } from '@plasma/chaincode/browser';
import type { Person } from './person';

/** A chaincode transaction as the role matrix names it, e.g. `Donation:RecordDonation`. */
export type Transaction = TransactionName;

export function may(person: Person, transaction: Transaction): boolean {
  return permits(transaction, person.role, person.organisation.kind);
}
